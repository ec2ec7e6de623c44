import type { AlertStatus } from './alert-types.js'

/** A rule's state as text in a colored badge (the color repeats the text, never replaces it). */
export function StateBadge({ status }: { status: AlertStatus | null }) {
  if (!status) return <span className="badge no_data">not evaluated yet</span>
  return <span className={`badge ${status.state}`}>{status.state}</span>
}
