import { type FormEvent, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useApi } from '../../state/use-api.js'
import { ErrorBox, Loading } from '../../ui/feedback.js'
import { formatTime } from '../../ui/format.js'
import { describeActionError, isForbidden } from '../alerts/action-error.js'
import { NewSecret } from './NewSecret.js'

type Scope = 'ingest' | 'read' | 'admin'
const scopes: { scope: Scope; what: string }[] = [
  { scope: 'ingest', what: 'send telemetry (SDKs, OTLP exporters)' },
  { scope: 'read', what: 'the query API and this dashboard' },
  { scope: 'admin', what: 'keys, prices, retention, alert rules' },
]

interface KeyRecord {
  id: string
  name: string
  scopes: Scope[]
  createdAt: string
  revokedAt: string | null
}

/** The project's API keys (admin): create one with the scopes it needs, see it once, revoke old ones. */
export function KeysSection({ currentKeyId }: { currentKeyId: string | undefined }) {
  const keys = useApi(() => api.get<{ keys: KeyRecord[] }>('/api/v1/keys'), [])
  const [name, setName] = useState('')
  const [chosen, setChosen] = useState<Scope[]>(['ingest'])
  const [issued, setIssued] = useState<{ name: string; key: string } | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  async function create(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    if (chosen.length === 0) return setError('Choose at least one scope.')
    setBusy(true)
    try {
      const answer = await api.post<KeyRecord & { key: string }>('/api/v1/keys', {
        name: name.trim(),
        scopes: chosen,
      })
      setIssued({ name: answer.name, key: answer.key })
      setName('')
      keys.reload()
    } catch (reason) {
      setError(describeActionError(reason))
    } finally {
      setBusy(false)
    }
  }

  async function revoke(key: KeyRecord) {
    const self =
      key.id === currentKeyId ? ' This is the key you are signed in with: you will be signed out.' : ''
    if (
      !window.confirm(
        `Revoke the key “${key.name}” (${key.id})? Clients using it are refused at once.${self}`,
      )
    )
      return
    setError(undefined)
    try {
      await api.delete(`/api/v1/keys/${encodeURIComponent(key.id)}`)
      keys.reload()
    } catch (reason) {
      setError(describeActionError(reason))
    }
  }

  return (
    <section className="card" id="keys" aria-labelledby="keys-title">
      <div className="section-header">
        <h2 id="keys-title">API keys</h2>
        <span className="muted small">of this project</span>
      </div>
      {keys.error ? (
        isForbidden(keys.error) ? (
          <p className="muted">
            Managing keys needs the admin scope, which this key lacks. Ask an admin of the project for a key.
          </p>
        ) : (
          <ErrorBox error={keys.error} retry={keys.reload} />
        )
      ) : !keys.data ? (
        <Loading what="keys" />
      ) : (
        <>
          {issued ? (
            <NewSecret
              what={`Key “${issued.name}”`}
              secret={issued.key}
              onDone={() => setIssued(undefined)}
            />
          ) : null}
          <form className="inline-form" onSubmit={create} aria-label="New API key">
            <div className="row">
              <label className="field grow">
                Key name
                <input
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                  placeholder="checkout-service production"
                  required
                  maxLength={100}
                />
              </label>
              <fieldset className="radio-row">
                <legend>Scopes</legend>
                {scopes.map(({ scope, what }) => (
                  <label key={scope} title={what} className="checkbox">
                    <input
                      type="checkbox"
                      checked={chosen.includes(scope)}
                      onChange={(event) =>
                        setChosen((list) =>
                          event.target.checked ? [...list, scope] : list.filter((s) => s !== scope),
                        )
                      }
                    />
                    {scope}
                  </label>
                ))}
              </fieldset>
              <button type="submit" disabled={busy}>
                {busy ? 'Creating…' : 'Create key'}
              </button>
            </div>
            <p className="hint">
              ingest: send telemetry · read: query API and dashboard · admin: keys, prices, retention, alert
              rules. Give services only <code>ingest</code>.
            </p>
          </form>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          {keys.data.keys.length === 0 ? (
            <p className="muted">
              No key created through the API yet (the collector’s bootstrap key, e.g. VIGIL_API_KEY, is not
              listed).
            </p>
          ) : (
            <div className="vg-table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Id</th>
                    <th scope="col">Scopes</th>
                    <th scope="col">Created</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {keys.data.keys.map((key) => (
                    <tr key={key.id} className={key.revokedAt ? 'revoked' : undefined}>
                      <td>
                        {key.name}
                        {key.id === currentKeyId ? <span className="muted small"> (this key)</span> : null}
                      </td>
                      <td className="mono small">{key.id}</td>
                      <td>{key.scopes.join(', ')}</td>
                      <td>{formatTime(key.createdAt)}</td>
                      <td>
                        {key.revokedAt ? (
                          <span className="badge disabled">revoked {formatTime(key.revokedAt)}</span>
                        ) : (
                          <span className="badge ok">active</span>
                        )}
                      </td>
                      <td>
                        {key.revokedAt ? null : (
                          <button type="button" className="danger" onClick={() => revoke(key)}>
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  )
}
