import type { FilterName } from '../../state/url-state.js'
import { formatCount, formatMs, formatPercent, formatUsd } from '../../ui/format.js'
import type { BreakdownRow } from '../overview/metric-summary.js'

/**
 * What the breakdown table groups by and shows: each column is a metric the
 * API can sort by (server-side, so the top 100 are the right 100), and each
 * dimension knows the overview filter its values link to.
 */

export const breakdownDimensions = [
  { by: 'model', label: 'Model', filter: 'model' },
  { by: 'useCase', label: 'Use case', filter: 'useCase' },
  { by: 'promptVersion', label: 'Prompt version', filter: 'promptVersion' },
  { by: 'user', label: 'User', filter: 'userId' },
  { by: 'environment', label: 'Environment', filter: 'environment' },
  { by: 'provider', label: 'Provider', filter: 'provider' },
] as const satisfies readonly { by: string; label: string; filter: FilterName }[]

export type BreakdownDimension = (typeof breakdownDimensions)[number]

export function dimensionOf(by: string | undefined): BreakdownDimension {
  return breakdownDimensions.find((d) => d.by === by) ?? breakdownDimensions[0]
}

export interface BreakdownColumn {
  /** The API's metric name, sent as `sort`. */
  metric: string
  label: string
  /** What it measures (the header's tooltip). */
  description: string
  value(row: BreakdownRow): number | null
  format(value: number | null): string
}

const formatRating = (value: number | null) => (value === null ? '–' : value.toFixed(2))

export const breakdownColumns: readonly BreakdownColumn[] = [
  { metric: 'calls', label: 'Calls', description: 'Model calls', value: (r) => r.calls, format: formatCount },
  {
    metric: 'costUsd',
    label: 'Cost',
    description: 'Cost of the priced calls',
    value: (r) => r.costUsd,
    format: formatUsd,
  },
  {
    metric: 'costPerCallUsd',
    label: 'Cost / call',
    description: 'Cost / priced calls',
    value: (r) => r.costPerCallUsd,
    format: formatUsd,
  },
  {
    metric: 'latencyP95Ms',
    label: 'p95 latency',
    description: '95th percentile call duration',
    value: (r) => r.latencyMs.p95,
    format: formatMs,
  },
  {
    metric: 'errorRate',
    label: 'Errors',
    description: 'Calls that ended in an error / calls',
    value: (r) => r.errorRate,
    format: formatPercent,
  },
  {
    metric: 'fallbackRate',
    label: 'Fallbacks',
    description: 'Calls made as a later step of a fallback chain / calls',
    value: (r) => r.fallbackRate,
    format: formatPercent,
  },
  {
    metric: 'correctionRate',
    label: 'Corrected',
    description: 'Calls with at least one correction / calls',
    value: (r) => r.corrections.rate,
    format: formatPercent,
  },
  {
    metric: 'positiveRate',
    label: 'Positive',
    description: 'Positive feedback (thumb up, rating 4–5) / feedback items',
    value: (r) => r.feedback.positiveRate,
    format: formatPercent,
  },
  {
    metric: 'meanRating',
    label: 'Rating',
    description: 'Mean of the 1–5 ratings',
    value: (r) => r.feedback.meanRating,
    format: formatRating,
  },
]

export const DEFAULT_SORT = 'costUsd'

export interface Sort {
  metric: string
  order: 'asc' | 'desc'
}

/** The sort of the URL's `sort` and `order`, falling back to the most expensive first. */
export function sortOf(sort: string | undefined, order: string | undefined): Sort {
  const known = breakdownColumns.some((column) => column.metric === sort)
  return { metric: known && sort ? sort : DEFAULT_SORT, order: order === 'asc' ? 'asc' : 'desc' }
}

/** Clicking a header: the same column flips its order; another starts with the largest values first. */
export function nextSort(current: Sort, clicked: string): Sort {
  if (current.metric === clicked) return { metric: clicked, order: current.order === 'desc' ? 'asc' : 'desc' }
  return { metric: clicked, order: 'desc' }
}
