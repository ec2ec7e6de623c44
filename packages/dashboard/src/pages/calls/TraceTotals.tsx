import { formatCount, formatMs, formatUsd } from '../../ui/format.js'
import type { Trace } from './call-types.js'

/** A trace's totals: how long it took, how many spans and model calls, what they cost. */
export function TraceTotals({ totals, compact = false }: { totals: Trace['totals']; compact?: boolean }) {
  const unpriced =
    totals.costUnknownCalls > 0
      ? `+ ${totals.costUnknownCalls} unpriced call${totals.costUnknownCalls === 1 ? '' : 's'}`
      : undefined
  const items: { label: string; value: string; note?: string; bad?: boolean }[] = [
    { label: 'Duration', value: formatMs(totals.durationMs) },
    { label: 'Spans', value: formatCount(totals.spans) },
    { label: 'Model calls', value: formatCount(totals.calls) },
    { label: 'Failed calls', value: formatCount(totals.errors), bad: totals.errors > 0 },
    { label: 'Cost', value: formatUsd(totals.costUsd), note: unpriced },
    {
      label: 'Tokens in → out',
      value: `${formatCount(totals.tokens.input)} → ${formatCount(totals.tokens.output)}`,
    },
  ]
  if (compact) {
    return (
      <p className="trace-totals-inline muted">
        {items.map((item) => (
          <span key={item.label} className={item.bad ? 'error' : undefined}>
            {item.label} <strong>{item.value}</strong>
            {item.note ? ` ${item.note}` : ''}
          </span>
        ))}
      </p>
    )
  }
  return (
    <div className="grid stats trace-totals">
      {items.map((item) => (
        <div key={item.label} className="card stat">
          <div className="label">{item.label}</div>
          <div className={`value${item.bad ? ' error' : ''}`}>{item.value}</div>
          {item.note ? <div className="stat-note muted">{item.note}</div> : null}
        </div>
      ))}
    </div>
  )
}
