import { useLinkHandler } from '../../app/router.js'
import { useUrlState } from '../../state/url-state.js'
import { formatCount } from '../../ui/format.js'
import { changeOf, type HeadlineMetric, headlineMetrics } from './headline-metrics.js'
import type { MetricSummary } from './metric-summary.js'

const arrows = { up: '▲', down: '▼', flat: '' } as const

/** The headline numbers of the window, each against the previous period (when that loaded). */
export function HeadlineStats({ current, previous }: { current: MetricSummary; previous?: MetricSummary }) {
  return (
    <div className="grid stats overview-stats">
      {headlineMetrics.map((metric) => (
        <StatCard key={metric.id} metric={metric} current={current} previous={previous} />
      ))}
    </div>
  )
}

function StatCard(props: { metric: HeadlineMetric; current: MetricSummary; previous?: MetricSummary }) {
  const { metric, current, previous } = props
  const value = metric.value(current)
  const before = previous ? metric.value(previous) : null
  const change = previous ? changeOf(metric, value, before) : undefined
  return (
    <div className="card stat" data-testid={`stat-${metric.id}`} title={metric.description}>
      <div className="label">{metric.label}</div>
      <div className="value" data-testid="stat-value">
        {metric.format(value)}
      </div>
      {change ? (
        <div className={`change ${change.verdict}`} title={`Previous period: ${metric.format(before)}`}>
          {arrows[change.trend] ? <span aria-hidden="true">{arrows[change.trend]} </span> : null}
          {change.text}
          {change.verdict === 'neutral' ? null : <span className="visually-hidden"> ({change.verdict})</span>}
          <span className="muted"> vs {metric.format(before)}</span>
        </div>
      ) : (
        <div className="change">{previous ? 'no previous value' : '\u00a0'}</div>
      )}
      {metric.id === 'costUsd' ? <UnpricedNote calls={current.costUnknownCalls} /> : null}
    </div>
  )
}

/** Cost leaves out calls whose model has no price: say so, and where to add one. */
function UnpricedNote({ calls }: { calls: number }) {
  const url = useUrlState()
  const onLink = useLinkHandler()
  if (calls === 0) return null
  return (
    <div className="stat-note">
      <a href={url.linkTo('/breakdowns')} onClick={onLink}>
        {formatCount(calls)} {calls === 1 ? 'call' : 'calls'} without a price
      </a>
    </div>
  )
}
