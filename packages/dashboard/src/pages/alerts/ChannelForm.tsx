import { type FormEvent, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useAction } from '../../state/use-action.js'
import { NoticeText, SubmitButton } from '../../ui/feedback.js'
import { InputField } from '../../ui/InputField.js'
import type { AlertChannel, ChannelType } from './alert-types.js'

/**
 * A new notification channel. Secrets (the Slack URL, a webhook's
 * Authorization header and signing secret) go to the API once and are shown
 * masked from then on.
 */
export function ChannelForm({ onCreated }: { onCreated(channel: AlertChannel): void }) {
  const [type, setType] = useState<ChannelType>('webhook')
  const [name, setName] = useState('')
  const [url, setUrl] = useState('')
  const [authorization, setAuthorization] = useState('')
  const [secret, setSecret] = useState('')
  const [description, setDescription] = useState('')
  const creation = useAction()

  async function submit(event: FormEvent) {
    event.preventDefault()
    const body: Record<string, unknown> = { name: name.trim(), type }
    if (description.trim()) body.description = description.trim()
    if (type !== 'log') body.url = url.trim()
    if (type === 'webhook') {
      if (authorization.trim()) body.headers = { Authorization: authorization.trim() }
      if (secret) body.secret = secret
    }
    await creation.run(async () => onCreated(await api.post<AlertChannel>('/api/v1/alert-channels', body)))
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="New channel">
      <div className="row">
        <InputField
          label="Channel name"
          value={name}
          onChange={setName}
          required
          pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}"
          title="Letters, digits, _ . -, starting with a letter or digit"
          placeholder="oncall-slack"
        />
        <label className="field">
          Type
          <select value={type} onChange={(event) => setType(event.target.value as ChannelType)}>
            <option value="webhook">Webhook (JSON POST)</option>
            <option value="slack">Slack incoming webhook</option>
            <option value="log">Collector log</option>
          </select>
        </label>
        {type !== 'log' ? (
          <InputField
            label="URL"
            grow
            type="url"
            value={url}
            onChange={setUrl}
            required
            placeholder={
              type === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://example.com/hooks/vigil'
            }
          />
        ) : null}
      </div>
      {type === 'webhook' ? (
        <div className="row">
          <InputField
            label="Authorization header (optional)"
            grow
            value={authorization}
            onChange={setAuthorization}
            placeholder="Bearer …"
            autoComplete="off"
          />
          <InputField
            label="Signing secret (optional, 16+ characters)"
            grow
            type="password"
            value={secret}
            onChange={setSecret}
            minLength={16}
            autoComplete="new-password"
          />
        </div>
      ) : null}
      <InputField label="Description (optional)" value={description} onChange={setDescription} />
      <p className="hint">
        {type === 'webhook'
          ? 'Each notification is a JSON POST with an Idempotency-Key header; with a secret, a Vigil-Signature header (HMAC-SHA256) lets the receiver check it came from Vigil.'
          : type === 'slack'
            ? 'The URL is a credential: it is stored and shown masked.'
            : 'Writes each notification as a line in the collector’s log: handy to try rules out.'}
      </p>
      <NoticeText notice={creation.notice} />
      <div className="row">
        <SubmitButton busy={creation.busy}>Create channel</SubmitButton>
      </div>
    </form>
  )
}
