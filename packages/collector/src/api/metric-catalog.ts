import type { Aggregates } from '../storage/metrics-query.js'

/**
 * Every metric the API reports: its name, what it means (with the
 * denominator of a rate spelled out), how it follows from a group's merged
 * aggregates, and how to order groups by it in SQL (breakdown sorting).
 */
export interface MetricDefinition {
  description: string
  unit: 'count' | 'ratio' | 'usd' | 'ms' | 'tokens'
  value: (a: Aggregates) => number | null
  /** ORDER BY expression over the merged columns of metrics-query. */
  order: string
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole)
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
} satisfies Record<string, MetricDefinition>

export type MetricName = keyof typeof metricCatalog
export const metricNames = Object.keys(metricCatalog) as [MetricName, ...MetricName[]]

/** The summary shape: every metric, grouped the way people read them. */
export function summaryOf(a: Aggregates) {
  const v = (name: MetricName) => metricCatalog[name].value(a)
  return {
    calls: a.calls,
    errors: a.errors,
    errorRate: v('errorRate'),
    timeouts: a.timeouts,
    timeoutRate: v('timeoutRate'),
    costUsd: a.costUsd,
    costPerCallUsd: v('costPerCallUsd'),
    costUnknownCalls: a.costUnknownCalls,
    latencyMs: { p50: v('latencyP50Ms'), p95: v('latencyP95Ms'), p99: v('latencyP99Ms') },
    ttftMs: { p50: v('ttftP50Ms'), p95: v('ttftP95Ms') },
    tokens: {
      input: a.inputTokens,
      output: a.outputTokens,
      cached: a.cachedTokens,
      cacheCreation: a.cacheCreationTokens,
      reasoning: a.reasoningTokens,
    },
    fallbackRate: v('fallbackRate'),
    cacheHitRate: v('cacheHitRate'),
  }
}
