import { type FormEvent, useEffect, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useAction } from '../../state/use-action.js'
import { useApi } from '../../state/use-api.js'
import { Loaded, NoticeText } from '../../ui/feedback.js'
import { InputField } from '../../ui/InputField.js'
import { SectionCard } from '../../ui/SectionCard.js'

interface ProjectSettings {
  projectId: string
  retentionDays: number
  defaultRetentionDays: number
}

/** How long this project's calls and signals are kept (rows ingested from now on). */
export function RetentionSection({ readOnly }: { readOnly: boolean }) {
  const settings = useApi(() => api.get<ProjectSettings>('/api/v1/projects/current/settings'), [])
  const [days, setDays] = useState('')
  const saving = useAction()
  const current = settings.data?.retentionDays
  useEffect(() => {
    if (current !== undefined) setDays(String(current))
  }, [current])

  async function save(retentionDays: number | null) {
    await saving.run(async () => {
      const answer = await api.put<ProjectSettings>('/api/v1/projects/current/settings', { retentionDays })
      settings.reload()
      return `Saved: rows ingested from now on are kept ${answer.retentionDays} days.`
    })
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const value = Number(days)
    if (!Number.isInteger(value) || value < 1 || value > 3650)
      return saving.fail('Give a whole number of days from 1 to 3650.')
    void save(value)
  }

  return (
    <SectionCard id="retention" title="Retention">
      <Loaded state={settings} what="settings">
        {(data) => (
          <form className="row" onSubmit={submit} aria-label="Retention">
            <fieldset className="plain row" disabled={readOnly}>
              <InputField
                label="Keep data (days)"
                type="number"
                min={1}
                max={3650}
                value={days}
                onChange={setDays}
              />
              <button type="submit">Save retention</button>
              {data.retentionDays !== data.defaultRetentionDays ? (
                <button type="button" className="link-button" onClick={() => save(null)}>
                  Use the collector’s default ({data.defaultRetentionDays} days)
                </button>
              ) : (
                <span className="muted small">the collector’s default (VIGIL_RETENTION_DAYS)</span>
              )}
            </fieldset>
          </form>
        )}
      </Loaded>
      <p className="hint">
        Applies to rows ingested from now on; stored rows keep the retention they were written with. Readiness
        windows reach back at most 90 days.
      </p>
      <NoticeText notice={saving.notice} />
    </SectionCard>
  )
}
