import type { Aggregates } from '../storage/metrics-query.js'
import type { SignalAggregates } from '../storage/signal-aggregates.js'

/**
 * Every metric the API reports: its name, what it means (with the
 * denominator of a rate spelled out), how it follows from a group's merged
 * aggregates, and how to order groups by it in SQL (breakdown sorting).
 * Oversight metrics (corrections, feedback, scores, escalations, outcomes)
 * come from the signals about the group's calls; they have no SQL order and
 * are sorted in memory.
 */
export interface MetricDefinition {
  description: string
  unit: 'count' | 'ratio' | 'usd' | 'ms' | 'tokens' | 'rating' | 'value'
  value: (a: Aggregates, s: SignalAggregates) => number | null
  /** ORDER BY expression over the merged columns of metrics-query; absent for oversight metrics. */
  order?: string
  /** Reads signals (storage/signal-metrics-query.ts), not only calls. */
  signals?: true
}

/** part / whole, or null over 0 (a rate of nothing is unknown, not 0). */
export const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole)
const at = (values: number[], i: number) => values[i] ?? null

export const metricCatalog = {
  calls: { description: 'Model calls', unit: 'count', value: (a) => a.calls, order: 'calls' },
  errors: {
    description: 'Calls that ended in an error',
    unit: 'count',
    value: (a) => a.errors,
    order: 'errors',
  },
  errorRate: {
    description: 'errors / calls',
    unit: 'ratio',
    value: (a) => rate(a.errors, a.calls),
    order: 'errors / nullIf(calls, 0)',
  },
  timeouts: {
    description: 'Calls that failed with error type `timeout`',
    unit: 'count',
    value: (a) => a.timeouts,
    order: 'timeouts',
  },
  timeoutRate: {
    description: 'timeouts / calls',
    unit: 'ratio',
    value: (a) => rate(a.timeouts, a.calls),
    order: 'timeouts / nullIf(calls, 0)',
  },
  costUsd: {
    description: 'Cost of the priced calls (calls without a price count in costUnknownCalls)',
    unit: 'usd',
    value: (a) => a.costUsd,
    order: 'cost_usd',
  },
  costPerCallUsd: {
    description: 'costUsd / priced calls (calls - costUnknownCalls)',
    unit: 'usd',
    value: (a) => rate(a.costUsd, a.calls - a.costUnknownCalls),
    order: 'cost_usd / nullIf(calls - cost_unknown_calls, 0)',
  },
  costUnknownCalls: {
    description: 'Calls whose model has no price yet (see /api/v1/prices/unknown-models)',
    unit: 'count',
    value: (a) => a.costUnknownCalls,
    order: 'cost_unknown_calls',
  },
  costCoverage: {
    description:
      'Calls with a known price (calls - costUnknownCalls) / calls: the share of calls whose cost is counted',
    unit: 'ratio',
    value: (a) => rate(a.calls - a.costUnknownCalls, a.calls),
    order: '(calls - cost_unknown_calls) / nullIf(calls, 0)',
  },
  latencyP50Ms: {
    description: 'Median call duration',
    unit: 'ms',
    value: (a) => at(a.latency, 0),
    order: 'latency_q[1]',
  },
  latencyP95Ms: {
    description: '95th percentile call duration',
    unit: 'ms',
    value: (a) => at(a.latency, 1),
    order: 'latency_q[2]',
  },
  latencyP99Ms: {
    description: '99th percentile call duration',
    unit: 'ms',
    value: (a) => at(a.latency, 2),
    order: 'latency_q[3]',
  },
  ttftP50Ms: {
    description: 'Median time to first token, over streamed calls that reported one',
    unit: 'ms',
    value: (a) => at(a.ttft, 0),
    order: 'ttft_q[1]',
  },
  ttftP95Ms: {
    description: '95th percentile time to first token, over streamed calls that reported one',
    unit: 'ms',
    value: (a) => at(a.ttft, 1),
    order: 'ttft_q[2]',
  },
  inputTokens: {
    description: 'Input tokens',
    unit: 'tokens',
    value: (a) => a.inputTokens,
    order: 'input_tokens',
  },
  outputTokens: {
    description: 'Output tokens',
    unit: 'tokens',
    value: (a) => a.outputTokens,
    order: 'output_tokens',
  },
  cachedTokens: {
    description: 'Input tokens read from the prompt cache (a subset of inputTokens)',
    unit: 'tokens',
    value: (a) => a.cachedTokens,
    order: 'cached_tokens',
  },
  reasoningTokens: {
    description: 'Reasoning tokens (a subset of outputTokens where the provider reports them)',
    unit: 'tokens',
    value: (a) => a.reasoningTokens,
    order: 'reasoning_tokens',
  },
  fallbackRate: {
    description: 'Calls made as a later step of a fallback chain (the earlier step failed) / calls',
    unit: 'ratio',
    value: (a) => rate(a.fallbackCalls, a.calls),
    order: 'fallback_calls / nullIf(calls, 0)',
  },
  cacheHitRate: {
    description: 'Calls answered from a cache step of a fallback chain / calls',
    unit: 'ratio',
    value: (a) => rate(a.cacheHits, a.calls),
    order: 'cache_hits / nullIf(calls, 0)',
  },
  corrections: {
    description: 'Corrections of the calls (each counted once, however many calls it is about)',
    unit: 'count',
    value: (_, s) => s.corrections,
    signals: true,
  },
  correctionRate: {
    description: 'Calls with at least one correction / calls',
    unit: 'ratio',
    value: (a, s) => rate(s.correctedCalls, a.calls),
    signals: true,
  },
  meanCorrectionSize: {
    description: 'Sum of the corrections’ change ratios (0 unchanged … 1 rewritten) / corrections',
    unit: 'ratio',
    value: (_, s) => rate(s.correctionSizeSum, s.corrections),
    signals: true,
  },
  feedback: {
    description: 'Feedback items (thumbs and ratings) about the calls',
    unit: 'count',
    value: (_, s) => s.feedback,
    signals: true,
  },
  feedbackCoverage: {
    description: 'Calls with at least one feedback item (thumb or rating) / calls',
    unit: 'ratio',
    value: (a, s) => rate(s.feedbackCalls, a.calls),
    signals: true,
  },
  positiveRate: {
    description: 'Positive feedback (a thumb up, or a rating of 4 or 5) / feedback',
    unit: 'ratio',
    value: (_, s) => rate(s.feedbackPositive, s.feedback),
    signals: true,
  },
  meanRating: {
    description: 'Sum of the 1–5 ratings / feedback items that are ratings (thumbs left out)',
    unit: 'rating',
    value: (_, s) => rate(s.ratingSum, s.ratings),
    signals: true,
  },
  escalations: {
    description: 'Escalations to a person about the calls',
    unit: 'count',
    value: (_, s) => s.escalations,
    signals: true,
  },
  escalationRate: {
    description: 'Calls with at least one escalation / calls',
    unit: 'ratio',
    value: (a, s) => rate(s.escalatedCalls, a.calls),
    signals: true,
  },
  scoreCoverage: {
    description: 'Calls with at least one score (of any name) / calls',
    unit: 'ratio',
    value: (a, s) => rate(s.scoredCalls, a.calls),
    signals: true,
  },
} satisfies Record<string, MetricDefinition>

export type MetricName = keyof typeof metricCatalog
export const metricNames = Object.keys(metricCatalog) as [MetricName, ...MetricName[]]

/**
 * Metrics of one named score or outcome, `<family>:<name>` (e.g. `score:accuracy`,
 * `outcome:minutes_saved`): their names come from the signals, not from this catalog.
 */
const namedMetrics = {
  score: {
    description: 'Sum of the values of score <name> / scores of that name (the mean)',
    unit: 'value',
    value: (s, name) => {
      const total = s.scores.get(name)
      return total ? rate(total.sum, total.count) : null
    },
  },
  scoreCount: {
    description: 'Scores of that name',
    unit: 'count',
    value: (s, name) => s.scores.get(name)?.count ?? 0,
  },
  outcome: {
    description: 'Sum of the values of outcome <name> (1 each when sent without a value)',
    unit: 'value',
    value: (s, name) => s.outcomes.get(name)?.sum ?? 0,
  },
  outcomeCount: {
    description: 'Outcomes of that name',
    unit: 'count',
    value: (s, name) => s.outcomes.get(name)?.count ?? 0,
  },
} satisfies Record<
  string,
  {
    description: string
    unit: MetricDefinition['unit']
    value: (s: SignalAggregates, name: string) => number | null
  }
>

const NAMED = new RegExp(`^(${Object.keys(namedMetrics).join('|')}):(.{1,256})$`, 's')

/** Every metric name a request may use: the catalog's, and `<family>:<name>` for scores and outcomes. */
export const metricNamesHelp = `${metricNames.join(', ')}, ${Object.keys(namedMetrics)
  .map((family) => `${family}:<name>`)
  .join(', ')}`

/** The definition of a catalog metric or of a named score or outcome metric; undefined if unknown. */
export function resolveMetric(name: string): MetricDefinition | undefined {
  if (Object.hasOwn(metricCatalog, name)) return metricCatalog[name as MetricName]
  const match = NAMED.exec(name)
  if (!match) return undefined
  const family = namedMetrics[match[1] as keyof typeof namedMetrics]
  const named = match[2] as string
  return {
    description: family.description,
    unit: family.unit,
    value: (_, s) => family.value(s, named),
    signals: true,
  }
}
