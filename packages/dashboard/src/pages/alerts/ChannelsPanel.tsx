import { Fragment, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useAction } from '../../state/use-action.js'
import { describeActionError } from '../../ui/action-error.js'
import { DataTable } from '../../ui/DataTable.js'
import { NoticeText } from '../../ui/feedback.js'
import { SectionCard } from '../../ui/SectionCard.js'
import type { AlertChannel, ChannelTestResult } from './alert-types.js'
import { ChannelForm } from './ChannelForm.js'

type TestOutcome = { result: ChannelTestResult } | { error: string } | { sending: true }

/** Where notifications go: each channel, a "Send test" that says how it went, and a form for a new one. */
export function ChannelsPanel({ channels, onChange }: { channels: AlertChannel[]; onChange(): void }) {
  const [creating, setCreating] = useState(false)
  const [tests, setTests] = useState<Record<string, TestOutcome>>({})
  const removal = useAction()

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
    await removal.run(async () => {
      await api.delete(`/api/v1/alert-channels/${encodeURIComponent(name)}`)
      onChange()
    })
  }

  return (
    <SectionCard
      id="channels"
      title="Channels"
      note="where notifications go"
      actions={
        <button type="button" onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
          {creating ? 'Cancel' : 'New channel'}
        </button>
      }
    >
      {creating ? (
        <ChannelForm
          onCreated={() => {
            setCreating(false)
            onChange()
          }}
        />
      ) : null}
      <NoticeText notice={removal.notice} />
      {channels.length === 0 ? (
        <p className="muted">
          No channel yet: a rule without channels changes state on this page but tells nobody. Add a Slack or
          webhook channel (or a log channel to try things out), then choose it in your rules.
        </p>
      ) : (
        <DataTable columns={['Name', 'Type', 'Target', 'Source', { label: 'Actions', hidden: true }]}>
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
        </DataTable>
      )}
    </SectionCard>
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
