import { navigate, useLinkHandler } from '../../app/router.js'
import { formatMs, formatUsd } from '../../ui/format.js'
import { numeric, TableHead } from '../../ui/TableHead.js'
import { formatCallTime, formatPreciseTime, formatTokenPair, tokenDetails } from './call-format.js'
import type { CallSummary } from './call-types.js'
import { fallbackMarker } from './fallback-chain.js'

/**
 * The calls as a dense table. The time is the row's link (keyboard and
 * middle-click work as for any link); a click anywhere else on the row opens
 * the call too, as people expect from a log table.
 */
export function CallsTable({
  calls,
  hrefOf,
  busy,
}: {
  calls: CallSummary[]
  hrefOf(call: CallSummary): string
  busy: boolean
}) {
  const onLink = useLinkHandler()
  const now = new Date()
  const previews = calls.some((call) => call.preview.input !== null || call.preview.output !== null)
  return (
    <div className="table-scroll">
      <table className={`calls-table${busy ? ' stale' : ''}`} aria-busy={busy}>
        <caption className="visually-hidden">Calls, newest first</caption>
        <TableHead
          columns={[
            'Time',
            'Use case',
            'Model',
            'Status',
            numeric('Latency'),
            numeric('TTFT'),
            numeric('Tokens in → out'),
            numeric('Cost'),
            'User',
            'Fallback',
            previews && 'Input',
          ]}
        />
        <tbody>
          {calls.map((call) => {
            const href = hrefOf(call)
            return (
              <tr
                key={call.spanId}
                data-testid="call-row"
                className="clickable"
                onClick={(event) => {
                  const target = event.target as HTMLElement
                  if (target.closest('a, button') || window.getSelection()?.toString()) return
                  navigate(href)
                }}
              >
                <td className="nowrap">
                  <a href={href} onClick={onLink} title={formatPreciseTime(call.startTime)}>
                    {formatCallTime(call.startTime, now)}
                  </a>
                </td>
                <td className="ellipsis" title={call.useCase ?? undefined}>
                  {call.useCase ?? <span className="muted">–</span>}
                </td>
                <td
                  className="nowrap"
                  title={call.provider ? `${call.provider} · ${call.serviceName}` : call.serviceName}
                >
                  {call.model ?? <span className="muted">unknown</span>}
                </td>
                <td className="nowrap">
                  <span className={`badge ${call.status}`}>{call.status}</span>
                  {call.errorType ? <span className="muted error-type"> {call.errorType}</span> : null}
                </td>
                <td className="num nowrap">{formatMs(call.durationMs)}</td>
                <td className="num nowrap">{formatMs(call.ttftMs)}</td>
                <td className="num nowrap" title={tokenDetails(call.tokens) || undefined}>
                  {formatTokenPair(call.tokens)}
                </td>
                <td
                  className="num nowrap"
                  title={
                    call.costUsd === null
                      ? 'Unknown: no usage reported, or no price for this model'
                      : call.costBasis
                  }
                >
                  {formatUsd(call.costUsd)}
                </td>
                <td className="ellipsis" title={call.userId ?? undefined}>
                  {call.userId ?? <span className="muted">–</span>}
                </td>
                <td className="nowrap">
                  {call.fallback ? (
                    <span
                      className={`badge ${call.fallback.served ? 'fallback-served' : 'fallback-left'}`}
                      title={`Attempt ${call.fallback.attempt}${call.fallback.step ? ` (${call.fallback.step})` : ''} of a fallback chain`}
                    >
                      ↪ {fallbackMarker(call.fallback)}
                    </span>
                  ) : null}
                </td>
                {previews ? (
                  <td className="ellipsis preview" title={call.preview.input ?? undefined}>
                    {call.preview.input ?? <span className="muted">–</span>}
                  </td>
                ) : null}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
