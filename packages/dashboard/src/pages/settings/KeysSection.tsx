import { type FormEvent, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useAction } from '../../state/use-action.js'
import { useApi } from '../../state/use-api.js'
import { DataTable } from '../../ui/DataTable.js'
import { Loaded, NoticeText, SubmitButton } from '../../ui/feedback.js'
import { formatTime } from '../../ui/format.js'
import { InputField } from '../../ui/InputField.js'
import { SectionCard } from '../../ui/SectionCard.js'
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
  const change = useAction()

  async function create(event: FormEvent) {
    event.preventDefault()
    if (chosen.length === 0) return change.fail('Choose at least one scope.')
    await change.run(async () => {
      const answer = await api.post<KeyRecord & { key: string }>('/api/v1/keys', {
        name: name.trim(),
        scopes: chosen,
      })
      setIssued({ name: answer.name, key: answer.key })
      setName('')
      keys.reload()
    })
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
    await change.run(async () => {
      await api.delete(`/api/v1/keys/${encodeURIComponent(key.id)}`)
      keys.reload()
    })
  }

  return (
    <SectionCard id="keys" title="API keys" note="of this project">
      <Loaded
        state={keys}
        what="keys"
        forbidden="Managing keys needs the admin scope, which this key lacks. Ask an admin of the project for a key."
      >
        {(data) => (
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
                <InputField
                  label="Key name"
                  grow
                  value={name}
                  onChange={setName}
                  placeholder="checkout-service production"
                  required
                  maxLength={100}
                />
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
                <SubmitButton busy={change.busy}>Create key</SubmitButton>
              </div>
              <p className="hint">
                ingest: send telemetry · read: query API and dashboard · admin: keys, prices, retention, alert
                rules. Give services only <code>ingest</code>.
              </p>
            </form>
            <NoticeText notice={change.notice} />
            {data.keys.length === 0 ? (
              <p className="muted">
                No key created through the API yet (the collector’s bootstrap key, e.g. VIGIL_API_KEY, is not
                listed).
              </p>
            ) : (
              <DataTable
                columns={['Name', 'Id', 'Scopes', 'Created', 'Status', { label: 'Actions', hidden: true }]}
              >
                {data.keys.map((key) => (
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
              </DataTable>
            )}
          </>
        )}
      </Loaded>
    </SectionCard>
  )
}
