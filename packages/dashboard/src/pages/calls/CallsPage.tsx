import type { PageProps } from '../../app/routes.js'

export default function CallsPage(_: PageProps) {
  return <h1>CallsPage</h1>
}
