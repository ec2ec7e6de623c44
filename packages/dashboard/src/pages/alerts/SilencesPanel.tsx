import { useState } from 'react'
import { api } from '../../api/api-client.js'
import { useAction } from '../../state/use-action.js'
import { DataTable } from '../../ui/DataTable.js'
import { NoticeText } from '../../ui/feedback.js'
import { formatTime } from '../../ui/format.js'
import { SectionCard } from '../../ui/SectionCard.js'
import { shortTime, timeAgo } from '../../ui/time-ago.js'
import type { AlertRule, Silence } from './alert-types.js'
import { SilenceForm } from './SilenceForm.js'
import { describeSilenceScope } from './silence-match.js'

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
  const expiry = useAction()
  const names = new Map(rules.map((rule) => [rule.id, rule.name]))
  const current = silences.filter((silence) => silence.state !== 'expired')
  const expired = silences.filter((silence) => silence.state === 'expired')
  const shown = showExpired ? silences : current

  async function expire(silence: Silence) {
    await expiry.run(async () => {
      await api.delete(`/api/v1/silences/${encodeURIComponent(silence.id)}`)
      onChange()
    })
  }

  return (
    <SectionCard
      id="silences"
      title="Silences"
      note={`${current.length} active or upcoming${expired.length > 0 ? `, ${expired.length} expired` : ''}`}
      actions={
        <>
          {expired.length > 0 ? (
            <button type="button" onClick={() => setShowExpired((v) => !v)} aria-pressed={showExpired}>
              {showExpired ? 'Hide expired' : 'Show expired'}
            </button>
          ) : null}
          <button type="button" onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
            {creating ? 'Cancel' : 'New silence'}
          </button>
        </>
      }
    >
      {creating ? (
        <SilenceForm
          rules={rules}
          onCreated={() => {
            setCreating(false)
            onChange()
          }}
        />
      ) : null}
      <NoticeText notice={expiry.notice} />
      {shown.length === 0 ? (
        <p className="muted">
          No silence in force. Silence a rule during a known incident or a maintenance window: its
          notifications are held (and recorded as silenced) until the silence ends.
        </p>
      ) : (
        <DataTable columns={['State', 'Silences', 'Until', 'Why', { label: 'Actions', hidden: true }]}>
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
        </DataTable>
      )}
    </SectionCard>
  )
}
