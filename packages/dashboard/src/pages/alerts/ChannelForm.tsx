import { type FormEvent, useState } from 'react'
import { api } from '../../api/api-client.js'
import { describeActionError } from './action-error.js'
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
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    const body: Record<string, unknown> = { name: name.trim(), type }
    if (description.trim()) body.description = description.trim()
    if (type !== 'log') body.url = url.trim()
    if (type === 'webhook') {
      if (authorization.trim()) body.headers = { Authorization: authorization.trim() }
      if (secret) body.secret = secret
    }
    setBusy(true)
    try {
      onCreated(await api.post<AlertChannel>('/api/v1/alert-channels', body))
    } catch (reason) {
      setError(describeActionError(reason))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="New channel">
      <div className="row">
        <label className="field">
          Channel name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}"
            title="Letters, digits, _ . -, starting with a letter or digit"
            placeholder="oncall-slack"
          />
        </label>
        <label className="field">
          Type
          <select value={type} onChange={(event) => setType(event.target.value as ChannelType)}>
            <option value="webhook">Webhook (JSON POST)</option>
            <option value="slack">Slack incoming webhook</option>
            <option value="log">Collector log</option>
          </select>
        </label>
        {type !== 'log' ? (
          <label className="field grow">
            URL
            <input
              type="url"
              value={url}
              onChange={(event) => setUrl(event.target.value)}
              required
              placeholder={
                type === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://example.com/hooks/vigil'
              }
            />
          </label>
        ) : null}
      </div>
      {type === 'webhook' ? (
        <div className="row">
          <label className="field grow">
            Authorization header (optional)
            <input
              value={authorization}
              onChange={(event) => setAuthorization(event.target.value)}
              placeholder="Bearer …"
              autoComplete="off"
            />
          </label>
          <label className="field grow">
            Signing secret (optional, 16+ characters)
            <input
              type="password"
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
              minLength={16}
              autoComplete="new-password"
            />
          </label>
        </div>
      ) : null}
      <label className="field">
        Description (optional)
        <input value={description} onChange={(event) => setDescription(event.target.value)} />
      </label>
      <p className="hint">
        {type === 'webhook'
          ? 'Each notification is a JSON POST with an Idempotency-Key header; with a secret, a Vigil-Signature header (HMAC-SHA256) lets the receiver check it came from Vigil.'
          : type === 'slack'
            ? 'The URL is a credential: it is stored and shown masked.'
            : 'Writes each notification as a line in the collector’s log: handy to try rules out.'}
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create channel'}
        </button>
      </div>
    </form>
  )
}
