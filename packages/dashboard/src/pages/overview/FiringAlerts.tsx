import { ApiError, api } from '../../api/api-client.js'
import { useLinkHandler } from '../../app/router.js'
import { useApi } from '../../state/use-api.js'

interface FiringRule {
  id: string
  name: string
  status: { severity: 'critical' | 'warning' | 'none'; firingSince: string | null; message: string } | null
}

/**
 * The rules firing now, on top of the overview: what on-call looks at
 * first. Silent when none fire, and for keys that may not read alerts (403):
 * the overview is still useful without them.
 */
export function FiringAlerts() {
  const onLink = useLinkHandler()
  const firing = useApi(() => api.get<{ rules: FiringRule[] }>('/api/v1/alerts', { state: 'firing' }), [])
  const rules = firing.data?.rules ?? []

  if (firing.error && !(firing.error instanceof ApiError && firing.error.status === 403) && !firing.data)
    return <p className="hint">Could not check for firing alerts: {firing.error.message}</p>
  if (rules.length === 0) return null
  return (
    <div className="banner firing-banner" role="alert">
      <strong>
        {rules.length === 1 ? '1 alert firing' : `${rules.length} alerts firing`}
        {': '}
      </strong>
      <ul className="firing-list">
        {rules.map((rule) => (
          <li key={rule.id}>
            <a
              className="firing-link"
              href={`/alerts/${encodeURIComponent(rule.id)}`}
              onClick={onLink}
              title={rule.status?.message}
            >
              {rule.name}
            </a>
            {rule.status?.severity === 'warning' ? <span className="badge warning">warning</span> : null}
            {rule.status?.firingSince ? (
              <span className="muted"> {forHowLong(rule.status.firingSince)}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

function forHowLong(iso: string): string {
  const date = new Date(iso)
  const minutes = Math.round((Date.now() - date.getTime()) / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `for ${minutes} min`
  if (minutes < 24 * 60) return `for ${Math.round(minutes / 60)} h`
  return `since ${date.toLocaleString()}`
}
