/**
 * The metrics a rule (or a readiness criterion) can watch, as the collector's
 * catalog names them (packages/collector/src/api/metric-catalog.ts), with
 * their unit and the words people use for them. Hard-coded: the dashboard
 * talks only to the public API, and the API lists the names only inside a
 * prose description. A name the catalog gains later still works (typed in
 * as a custom metric); it only lacks a friendly label here.
 */

export type MetricUnit = 'count' | 'ratio' | 'usd' | 'ms' | 'tokens' | 'rating' | 'value'

export interface MetricOption {
  name: string
  label: string
  unit: MetricUnit
  description: string
}

export const metricOptions: readonly MetricOption[] = [
  { name: 'calls', label: 'Calls', unit: 'count', description: 'Model calls' },
  { name: 'errors', label: 'Errors', unit: 'count', description: 'Calls that ended in an error' },
  { name: 'errorRate', label: 'Error rate', unit: 'ratio', description: 'errors / calls' },
  { name: 'timeouts', label: 'Timeouts', unit: 'count', description: 'Calls that failed with a timeout' },
  { name: 'timeoutRate', label: 'Timeout rate', unit: 'ratio', description: 'timeouts / calls' },
  { name: 'costUsd', label: 'Cost', unit: 'usd', description: 'Cost of the priced calls' },
  { name: 'costPerCallUsd', label: 'Cost per call', unit: 'usd', description: 'cost / priced calls' },
  { name: 'costUnknownCalls', label: 'Unpriced calls', unit: 'count', description: 'Calls without a price' },
  { name: 'costCoverage', label: 'Cost coverage', unit: 'ratio', description: 'priced calls / calls' },
  { name: 'latencyP50Ms', label: 'p50 latency', unit: 'ms', description: 'Median call duration' },
  { name: 'latencyP95Ms', label: 'p95 latency', unit: 'ms', description: '95th percentile call duration' },
  { name: 'latencyP99Ms', label: 'p99 latency', unit: 'ms', description: '99th percentile call duration' },
  { name: 'ttftP50Ms', label: 'p50 time to first token', unit: 'ms', description: 'Streamed calls' },
  { name: 'ttftP95Ms', label: 'p95 time to first token', unit: 'ms', description: 'Streamed calls' },
  { name: 'inputTokens', label: 'Input tokens', unit: 'tokens', description: 'Input tokens' },
  { name: 'outputTokens', label: 'Output tokens', unit: 'tokens', description: 'Output tokens' },
  { name: 'cachedTokens', label: 'Cached tokens', unit: 'tokens', description: 'Prompt-cache reads' },
  { name: 'reasoningTokens', label: 'Reasoning tokens', unit: 'tokens', description: 'Reasoning tokens' },
  { name: 'fallbackRate', label: 'Fallback rate', unit: 'ratio', description: 'fallback calls / calls' },
  { name: 'cacheHitRate', label: 'Cache hit rate', unit: 'ratio', description: 'cache answers / calls' },
  { name: 'corrections', label: 'Corrections', unit: 'count', description: 'Corrections of the calls' },
  {
    name: 'correctionRate',
    label: 'Correction rate',
    unit: 'ratio',
    description: 'corrected calls / calls',
  },
  {
    name: 'meanCorrectionSize',
    label: 'Mean correction size',
    unit: 'ratio',
    description: '0 unchanged … 1 rewritten',
  },
  { name: 'feedback', label: 'Feedback', unit: 'count', description: 'Thumbs and ratings' },
  {
    name: 'feedbackCoverage',
    label: 'Feedback coverage',
    unit: 'ratio',
    description: 'calls with feedback / calls',
  },
  {
    name: 'positiveRate',
    label: 'Positive feedback rate',
    unit: 'ratio',
    description: 'positive / feedback',
  },
  { name: 'meanRating', label: 'Mean rating', unit: 'rating', description: '1–5 ratings' },
  { name: 'escalations', label: 'Escalations', unit: 'count', description: 'Escalations to a person' },
  {
    name: 'escalationRate',
    label: 'Escalation rate',
    unit: 'ratio',
    description: 'escalated calls / calls',
  },
  { name: 'scoreCoverage', label: 'Score coverage', unit: 'ratio', description: 'scored calls / calls' },
]

/** Metrics named after a signal (`score:accuracy`): the family, then the score's or outcome's key. */
export const namedMetricFamilies = [
  { family: 'score', label: 'Score (mean)', unit: 'value' },
  { family: 'scoreCount', label: 'Score count', unit: 'count' },
  { family: 'outcome', label: 'Outcome (sum)', unit: 'value' },
  { family: 'outcomeCount', label: 'Outcome count', unit: 'count' },
] as const satisfies readonly { family: string; label: string; unit: MetricUnit }[]

const byName = new Map(metricOptions.map((option) => [option.name, option]))

/** `score:accuracy` → `{ family: 'score', key: 'accuracy' }`; undefined for a catalog name. */
export function splitNamedMetric(metric: string): { family: string; key: string } | undefined {
  const colon = metric.indexOf(':')
  if (colon <= 0) return undefined
  const family = metric.slice(0, colon)
  if (!namedMetricFamilies.some((entry) => entry.family === family)) return undefined
  return { family, key: metric.slice(colon + 1) }
}

export function metricUnit(metric: string): MetricUnit {
  const option = byName.get(metric)
  if (option) return option.unit
  const named = splitNamedMetric(metric)
  return namedMetricFamilies.find((entry) => entry.family === named?.family)?.unit ?? 'value'
}

/** What people call it: `p95 latency`, `score accuracy`. */
export function metricLabel(metric: string): string {
  const option = byName.get(metric)
  if (option) return option.label
  const named = splitNamedMetric(metric)
  if (!named) return metric
  const family = namedMetricFamilies.find((entry) => entry.family === named.family)
  return `${family?.label ?? named.family}: ${named.key}`
}

export function isKnownMetric(metric: string): boolean {
  return byName.has(metric) || (splitNamedMetric(metric)?.key ?? '') !== ''
}
