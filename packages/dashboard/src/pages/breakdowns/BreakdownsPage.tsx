import type { PageProps } from '../../app/routes.js'

export default function BreakdownsPage(_: PageProps) {
  return <h1>BreakdownsPage</h1>
}
