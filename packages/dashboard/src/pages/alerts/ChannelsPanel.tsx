import { Fragment, useState } from 'react'
import { api } from '../../api/api-client.js'
import { describeActionError } from './action-error.js'
import type { AlertChannel, ChannelTestResult } from './alert-types.js'
import { ChannelForm } from './ChannelForm.js'

type TestOutcome = { result: ChannelTestResult } | { error: string } | { sending: true }

/** Where notifications go: each channel, a "Send test" that says how it went, and a form for a new one. */
export function ChannelsPanel({ channels, onChange }: { channels: AlertChannel[]; onChange(): void }) {
  const [creating, setCreating] = useState(false)
  const [tests, setTests] = useState<Record<string, TestOutcome>>({})
  const [error, setError] = useState<string | undefined>()

  async function sendTest(name: string) {
    setTests((all) => ({ ...all, [name]: { sending: true } }))
    try {
      const result = await api.post<ChannelTestResult>(
        `/api/v1/alert-channels/${encodeURIComponent(name)}/test`,
      )
      setTests((all) => ({ ...all, [name]: { result } }))
    } catch (reason) {
      setTests((all) => ({ ...all, [name]: { error: describeActionError(reason) } }))
    }
  }

  async function remove(name: string) {
    if (!window.confirm(`Delete the channel “${name}”? Rules that send to it must be changed first.`)) return
    setError(undefined)
    try {
      await api.delete(`/api/v1/alert-channels/${encodeURIComponent(name)}`)
      onChange()
    } catch (reason) {
      setError(describeActionError(reason))
    }
  }

  return (
    <section className="card" id="channels" aria-labelledby="channels-title">
      <div className="section-header">
        <h2 id="channels-title">Channels</h2>
        <span className="muted small">where notifications go</span>
        <div className="actions">
          <button type="button" onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
            {creating ? 'Cancel' : 'New channel'}
          </button>
        </div>
      </div>
      {creating ? (
        <ChannelForm
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
      {channels.length === 0 ? (
        <p className="muted">
          No channel yet: a rule without channels changes state on this page but tells nobody. Add a Slack or
          webhook channel (or a log channel to try things out), then choose it in your rules.
        </p>
      ) : (
        <div className="vg-table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Target</th>
                <th scope="col">Source</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {channels.map((channel) => (
                <Fragment key={channel.name}>
                  <tr data-testid="channel-row" className={tests[channel.name] ? 'has-result' : undefined}>
                    <td>
                      <strong>{channel.name}</strong>
                      {channel.description ? <div className="muted small">{channel.description}</div> : null}
                    </td>
                    <td>{channel.type}</td>
                    <td className="mono small">
                      {channel.url ?? 'collector log'}
                      {channel.secret ? <span className="muted"> · signed</span> : null}
                    </td>
                    <td>{channel.source === 'file' ? 'file (read-only)' : 'api'}</td>
                    <td className="nowrap">
                      <button
                        type="button"
                        onClick={() => sendTest(channel.name)}
                        disabled={'sending' in (tests[channel.name] ?? {})}
                      >
                        Send test
                      </button>
                      {channel.source === 'api' ? (
                        <button type="button" className="link-button" onClick={() => remove(channel.name)}>
                          Delete
                        </button>
                      ) : null}
                    </td>
                  </tr>
                  {tests[channel.name] ? (
                    <tr className="test-result-row">
                      <td colSpan={5}>
                        <TestResult outcome={tests[channel.name]} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function TestResult({ outcome }: { outcome: TestOutcome | undefined }) {
  if (!outcome) return null
  if ('sending' in outcome)
    return (
      <span className="muted" role="status">
        Sending…
      </span>
    )
  if ('error' in outcome)
    return (
      <span className="error" role="alert">
        {outcome.error}
      </span>
    )
  const { result } = outcome
  const http = result.httpStatus !== null ? ` (HTTP ${result.httpStatus})` : ''
  return (
    <span role="status" className={result.status === 'delivered' ? 'success' : 'error'}>
      Test to “{result.channel}”:{' '}
      {result.status === 'delivered'
        ? `delivered${http} in ${Math.round(result.durationMs)} ms`
        : `failed${http}: ${result.error ?? 'no detail'}`}
    </span>
  )
}
