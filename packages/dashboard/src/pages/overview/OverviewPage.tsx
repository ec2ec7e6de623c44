import type { PageProps } from '../../app/routes.js'

export default function OverviewPage(_: PageProps) {
  return <h1>OverviewPage</h1>
}
