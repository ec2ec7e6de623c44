import { useState } from 'react'
import { api } from '../../api/api-client.js'
import { formatTime } from '../../ui/format.js'
import { describeActionError } from './action-error.js'
import type { AlertRule, Silence } from './alert-types.js'
import { SilenceForm } from './SilenceForm.js'
import { describeSilenceScope } from './silence-match.js'
import { shortTime, timeAgo } from './time-ago.js'

/** Active and upcoming silences (expired ones on demand), a form to add one, and "Expire" on each. */
export function SilencesPanel({
  silences,
  rules,
  onChange,
}: {
  silences: Silence[]
  rules: AlertRule[]
  onChange(): void
}) {
  const [showExpired, setShowExpired] = useState(false)
  const [creating, setCreating] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const names = new Map(rules.map((rule) => [rule.id, rule.name]))
  const current = silences.filter((silence) => silence.state !== 'expired')
  const expired = silences.filter((silence) => silence.state === 'expired')
  const shown = showExpired ? silences : current

  async function expire(silence: Silence) {
    setError(undefined)
    try {
      await api.delete(`/api/v1/silences/${encodeURIComponent(silence.id)}`)
      onChange()
    } catch (reason) {
      setError(describeActionError(reason))
    }
  }

  return (
    <section className="card" id="silences" aria-labelledby="silences-title">
      <div className="section-header">
        <h2 id="silences-title">Silences</h2>
        <span className="muted small">
          {current.length} active or upcoming{expired.length > 0 ? `, ${expired.length} expired` : ''}
        </span>
        <div className="actions">
          {expired.length > 0 ? (
            <button type="button" onClick={() => setShowExpired((v) => !v)} aria-pressed={showExpired}>
              {showExpired ? 'Hide expired' : 'Show expired'}
            </button>
          ) : null}
          <button type="button" onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
            {creating ? 'Cancel' : 'New silence'}
          </button>
        </div>
      </div>
      {creating ? (
        <SilenceForm
          rules={rules}
          onCreated={() => {
            setCreating(false)
            onChange()
          }}
        />
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {shown.length === 0 ? (
        <p className="muted">
          No silence in force. Silence a rule during a known incident or a maintenance window: its
          notifications are held (and recorded as silenced) until the silence ends.
        </p>
      ) : (
        <div className="vg-table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Silences</th>
                <th scope="col">Until</th>
                <th scope="col">Why</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((silence) => (
                <tr key={silence.id} data-testid="silence-row">
                  <td>
                    <span className={`badge silence-${silence.state}`}>{silence.state}</span>
                  </td>
                  <td>{describeSilenceScope(silence, names)}</td>
                  <td
                    className="nowrap"
                    title={`From ${formatTime(silence.startsAt)} to ${formatTime(silence.endsAt)}`}
                  >
                    {shortTime(silence.endsAt)}
                    <div className="muted small">{timeAgo(silence.endsAt)}</div>
                  </td>
                  <td className="message-cell">
                    {silence.comment}
                    <div className="small">by {silence.createdBy}</div>
                  </td>
                  <td>
                    {silence.state !== 'expired' ? (
                      <button type="button" onClick={() => expire(silence)}>
                        Expire
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
