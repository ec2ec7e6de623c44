import type { PageProps } from '../../app/routes.js'

export default function TracePage(_: PageProps) {
  return <h1>TracePage</h1>
}
