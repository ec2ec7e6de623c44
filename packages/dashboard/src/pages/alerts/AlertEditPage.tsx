import type { PageProps } from '../../app/routes.js'

export default function AlertEditPage(_: PageProps) {
  return <h1>AlertEditPage</h1>
}
