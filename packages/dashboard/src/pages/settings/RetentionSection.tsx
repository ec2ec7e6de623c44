import { type FormEvent, useEffect, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useApi } from '../../state/use-api.js'
import { ErrorBox, Loading } from '../../ui/feedback.js'
import { describeActionError } from '../alerts/action-error.js'

interface ProjectSettings {
  projectId: string
  retentionDays: number
  defaultRetentionDays: number
}

/** How long this project's calls and signals are kept (rows ingested from now on). */
export function RetentionSection({ readOnly }: { readOnly: boolean }) {
  const settings = useApi(() => api.get<ProjectSettings>('/api/v1/projects/current/settings'), [])
  const [days, setDays] = useState('')
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>()
  const current = settings.data?.retentionDays
  useEffect(() => {
    if (current !== undefined) setDays(String(current))
  }, [current])

  async function save(retentionDays: number | null) {
    setMessage(undefined)
    try {
      const answer = await api.put<ProjectSettings>('/api/v1/projects/current/settings', { retentionDays })
      setMessage({
        kind: 'ok',
        text: `Saved: rows ingested from now on are kept ${answer.retentionDays} days.`,
      })
      settings.reload()
    } catch (reason) {
      setMessage({ kind: 'error', text: describeActionError(reason) })
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const value = Number(days)
    if (!Number.isInteger(value) || value < 1 || value > 3650)
      return setMessage({ kind: 'error', text: 'Give a whole number of days from 1 to 3650.' })
    void save(value)
  }

  return (
    <section className="card" id="retention" aria-labelledby="retention-title">
      <div className="section-header">
        <h2 id="retention-title">Retention</h2>
      </div>
      {settings.error ? (
        <ErrorBox error={settings.error} retry={settings.reload} />
      ) : !settings.data ? (
        <Loading what="settings" />
      ) : (
        <form className="row" onSubmit={submit} aria-label="Retention">
          <fieldset className="plain row" disabled={readOnly}>
            <label className="field">
              Keep data (days)
              <input
                type="number"
                min={1}
                max={3650}
                value={days}
                onChange={(event) => setDays(event.target.value)}
              />
            </label>
            <button type="submit">Save retention</button>
            {settings.data.retentionDays !== settings.data.defaultRetentionDays ? (
              <button type="button" className="link-button" onClick={() => save(null)}>
                Use the collector’s default ({settings.data.defaultRetentionDays} days)
              </button>
            ) : (
              <span className="muted small">the collector’s default (VIGIL_RETENTION_DAYS)</span>
            )}
          </fieldset>
        </form>
      )}
      <p className="hint">
        Applies to rows ingested from now on; stored rows keep the retention they were written with. Readiness
        windows reach back at most 90 days.
      </p>
      {message ? (
        <p
          className={message.kind === 'ok' ? 'success' : 'error'}
          role={message.kind === 'ok' ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      ) : null}
    </section>
  )
}
