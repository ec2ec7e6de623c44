import { type Dimension, dimensionLabels } from '../../state/dimensions.js'
import { formatCount, formatMs, formatPercent, formatUsd } from '../../ui/format.js'
import type { MetricLine } from './chart-series.js'

/**
 * The overview's charts: volume, cost, latency percentiles and the rates.
 * Ungrouped, a panel draws its metrics together; grouped (by model, use
 * case…), it draws one metric, one line per group, and panels with several
 * metrics let the reader choose which (kept in the URL as `param`).
 */

export interface ChartPanel {
  id: string
  title: string
  /** Counts per bucket read "per <interval>". */
  perBucket: boolean
  format(value: number | null): string
  lines: readonly MetricLine[]
  /** The metric drawn when grouped, unless the URL chooses another of `lines`. */
  groupedDefault: string
  /** With several lines: the URL parameter choosing the one drawn when grouped. */
  param?: string
}

/** Counts, with the fractional axis ticks uPlot picks for small ranges (2.5) shown as such, not rounded. */
const formatCalls = (value: number | null) =>
  value !== null && !Number.isInteger(value) && Math.abs(value) < 100 ? value.toFixed(1) : formatCount(value)

export const chartPanels: readonly ChartPanel[] = [
  {
    id: 'volume',
    title: 'Calls',
    perBucket: true,
    format: formatCalls,
    lines: [{ metric: 'calls', label: 'Calls' }],
    groupedDefault: 'calls',
  },
  {
    id: 'cost',
    title: 'Cost',
    perBucket: true,
    format: formatUsd,
    lines: [{ metric: 'costUsd', label: 'Cost' }],
    groupedDefault: 'costUsd',
  },
  {
    id: 'latency',
    title: 'Latency',
    perBucket: false,
    format: formatMs,
    param: 'latency',
    groupedDefault: 'latencyP95Ms',
    lines: [
      { metric: 'latencyP50Ms', label: 'p50' },
      { metric: 'latencyP95Ms', label: 'p95' },
      { metric: 'latencyP99Ms', label: 'p99' },
      { metric: 'ttftP95Ms', label: 'TTFT p95', dashed: true },
    ],
  },
  {
    id: 'rates',
    title: 'Rates',
    perBucket: false,
    format: formatPercent,
    param: 'rate',
    groupedDefault: 'errorRate',
    lines: [
      { metric: 'errorRate', label: 'Errors' },
      { metric: 'timeoutRate', label: 'Timeouts' },
      { metric: 'fallbackRate', label: 'Fallbacks' },
      { metric: 'correctionRate', label: 'Corrections' },
      { metric: 'escalationRate', label: 'Escalations' },
    ],
  },
]

/** The dimensions the charts group by (URL `groupBy`), the most asked first. */
const groupByNames: readonly Dimension[] = ['model', 'useCase', 'environment', 'promptVersion', 'provider']

export const groupByChoices = groupByNames.map((value) => ({ value, label: dimensionLabels[value] }))

export function isGroupBy(value: string | undefined): value is Dimension {
  return groupByNames.some((name) => name === value)
}

/** The metric a grouped panel draws: the URL's choice when it is one of the panel's. */
export function groupedMetric(panel: ChartPanel, chosen: string | undefined): string {
  return panel.lines.some((line) => line.metric === chosen) && chosen ? chosen : panel.groupedDefault
}

/** Bucket widths of the time-series API, in seconds. */
const intervals = [
  ['1m', 60],
  ['5m', 300],
  ['15m', 900],
  ['1h', 3600],
  ['6h', 21_600],
  ['1d', 86_400],
] as const

/** Points per line at most: enough detail on a laptop-width chart, few enough to stay readable. */
const MAX_POINTS = 200

/**
 * The bucket width for a window: the finest giving at most MAX_POINTS buckets
 * (the API's default stops at 100, which leaves a week at 6-hour steps).
 */
export function chartInterval(from: Date, to: Date): string {
  const seconds = (to.getTime() - from.getTime()) / 1000
  return intervals.find(([, width]) => seconds / width <= MAX_POINTS)?.[0] ?? '1d'
}
