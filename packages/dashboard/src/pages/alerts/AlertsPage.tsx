import type { PageProps } from '../../app/routes.js'

export default function AlertsPage(_: PageProps) {
  return <h1>AlertsPage</h1>
}
