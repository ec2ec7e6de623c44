import type { PageProps } from '../../app/routes.js'

export default function SettingsPage(_: PageProps) {
  return <h1>SettingsPage</h1>
}
