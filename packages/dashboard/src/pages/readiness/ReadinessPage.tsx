import type { PageProps } from '../../app/routes.js'

export default function ReadinessPage(_: PageProps) {
  return <h1>ReadinessPage</h1>
}
