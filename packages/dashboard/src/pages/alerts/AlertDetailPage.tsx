import type { PageProps } from '../../app/routes.js'

export default function AlertDetailPage(_: PageProps) {
  return <h1>AlertDetailPage</h1>
}
