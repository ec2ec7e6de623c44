import {
  formatChange,
  formatCount,
  formatMs,
  formatPercent,
  formatUsd,
  relativeChange,
} from '../../ui/format.js'
import type { MetricSummary } from './metric-summary.js'

/**
 * The overview's headline numbers: where each comes from in a summary, how
 * it reads, and which way is good, so a change against the previous period
 * can say "better" or "worse" (and not only "up").
 */

/** Which way of moving is good news; `neutral` for volume, which is neither. */
export type Direction = 'higherIsBetter' | 'lowerIsBetter' | 'neutral'

export interface HeadlineMetric {
  /** The API's metric name (also the stat card's test id). */
  id: string
  label: string
  /** What it measures, denominators spelled out (the card's tooltip). */
  description: string
  value(summary: MetricSummary): number | null
  format(value: number | null): string
  direction: Direction
  /**
   * Rates change in percentage points: an error rate going from 0.1 % to
   * 0.3 % is "+0.2 pts", where "+200 %" would alarm for nothing.
   */
  ratio: boolean
}

const amount = { ratio: false } as const
const rate = { ratio: true, format: formatPercent } as const

export const headlineMetrics: HeadlineMetric[] = [
  {
    id: 'calls',
    label: 'Calls',
    description: 'Model calls in the window',
    value: (s) => s.calls,
    format: formatCount,
    direction: 'neutral',
    ...amount,
  },
  {
    id: 'costUsd',
    label: 'Cost',
    description: 'Cost of the priced calls',
    value: (s) => s.costUsd,
    format: formatUsd,
    direction: 'lowerIsBetter',
    ...amount,
  },
  {
    id: 'costPerCallUsd',
    label: 'Cost per call',
    description: 'Cost / priced calls',
    value: (s) => s.costPerCallUsd,
    format: formatUsd,
    direction: 'lowerIsBetter',
    ...amount,
  },
  {
    id: 'latencyP50Ms',
    label: 'Latency p50',
    description: 'Median call duration',
    value: (s) => s.latencyMs.p50,
    format: formatMs,
    direction: 'lowerIsBetter',
    ...amount,
  },
  {
    id: 'latencyP95Ms',
    label: 'Latency p95',
    description: '95th percentile call duration',
    value: (s) => s.latencyMs.p95,
    format: formatMs,
    direction: 'lowerIsBetter',
    ...amount,
  },
  {
    id: 'ttftP50Ms',
    label: 'Time to first token p50',
    description: 'Median time to first token, over streamed calls that reported one',
    value: (s) => s.ttftMs.p50,
    format: formatMs,
    direction: 'lowerIsBetter',
    ...amount,
  },
  {
    id: 'errorRate',
    label: 'Error rate',
    description: 'Calls that ended in an error / calls',
    value: (s) => s.errorRate,
    direction: 'lowerIsBetter',
    ...rate,
  },
  {
    id: 'timeoutRate',
    label: 'Timeout rate',
    description: 'Calls that timed out / calls',
    value: (s) => s.timeoutRate,
    direction: 'lowerIsBetter',
    ...rate,
  },
  {
    id: 'fallbackRate',
    label: 'Fallback rate',
    description: 'Calls made as a later step of a fallback chain / calls',
    value: (s) => s.fallbackRate,
    direction: 'lowerIsBetter',
    ...rate,
  },
  {
    id: 'correctionRate',
    label: 'Correction rate',
    description: 'Calls with at least one correction / calls',
    value: (s) => s.corrections.rate,
    direction: 'lowerIsBetter',
    ...rate,
  },
  {
    id: 'positiveRate',
    label: 'Positive feedback',
    description: 'Thumbs up and ratings of 4 or 5 / feedback items',
    value: (s) => s.feedback.positiveRate,
    direction: 'higherIsBetter',
    ...rate,
  },
  {
    id: 'escalationRate',
    label: 'Escalation rate',
    description: 'Calls with at least one escalation to a person / calls',
    value: (s) => s.escalations.rate,
    direction: 'lowerIsBetter',
    ...rate,
  },
]

export interface Change {
  trend: 'up' | 'down' | 'flat'
  /** `+12 %`, `−0.4 pts`, `±0 %`, `new` (from nothing). */
  text: string
  verdict: 'better' | 'worse' | 'neutral'
}

/** Below these, a change reads as no change (and is not coloured). */
const FLAT_RELATIVE = 0.005
const FLAT_POINTS = 0.0005

/**
 * The change of a metric from the previous period to this one; undefined
 * when either side has no value (a rate over no calls), as nothing can be said.
 */
export function changeOf(
  metric: Pick<HeadlineMetric, 'direction' | 'ratio'>,
  current: number | null,
  previous: number | null,
): Change | undefined {
  if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous))
    return undefined
  let trend: Change['trend']
  let text: string
  if (metric.ratio) {
    const points = current - previous
    trend = Math.abs(points) < FLAT_POINTS ? 'flat' : points > 0 ? 'up' : 'down'
    text = trend === 'flat' ? '±0 pts' : `${points > 0 ? '+' : '−'}${(Math.abs(points) * 100).toFixed(1)} pts`
  } else if (previous === 0) {
    trend = current === 0 ? 'flat' : current > 0 ? 'up' : 'down'
    text = trend === 'flat' ? '±0 %' : 'new'
  } else {
    const relative = relativeChange(current, previous) ?? 0
    trend = Math.abs(relative) < FLAT_RELATIVE ? 'flat' : relative > 0 ? 'up' : 'down'
    text = formatChange(relative)
  }
  const good = metric.direction === 'higherIsBetter' ? 'up' : 'down'
  const verdict =
    trend === 'flat' || metric.direction === 'neutral' ? 'neutral' : trend === good ? 'better' : 'worse'
  return { trend, text, verdict }
}
