import type { PageProps } from '../../app/routes.js'

export default function CallDetailPage(_: PageProps) {
  return <h1>CallDetailPage</h1>
}
