import { z } from 'zod'
import type { Aggregates } from '../storage/metrics-query.js'
import type { SignalAggregates } from '../storage/signal-aggregates.js'
import { type MetricName, metricCatalog, rate } from './metric-catalog.js'

/**
 * The summary: every metric of a group, grouped the way people read them,
 * and its schema, whose descriptions (the denominators) end up in the
 * OpenAPI document. Summary and breakdown rows share it.
 */

const nullableNumber = z.number().nullable()
export const summarySchema = z.object({
  calls: z.number(),
  errors: z.number(),
  errorRate: nullableNumber.describe(metricCatalog.errorRate.description),
  timeouts: z.number(),
  timeoutRate: nullableNumber.describe(metricCatalog.timeoutRate.description),
  costUsd: z.number().describe(metricCatalog.costUsd.description),
  costPerCallUsd: nullableNumber.describe(metricCatalog.costPerCallUsd.description),
  costUnknownCalls: z.number().describe(metricCatalog.costUnknownCalls.description),
  costCoverage: nullableNumber.describe(metricCatalog.costCoverage.description),
  latencyMs: z.object({ p50: nullableNumber, p95: nullableNumber, p99: nullableNumber }),
  ttftMs: z.object({ p50: nullableNumber, p95: nullableNumber }),
  tokens: z.object({
    input: z.number(),
    output: z.number(),
    cached: z.number(),
    cacheCreation: z.number(),
    reasoning: z.number(),
  }),
  fallbackRate: nullableNumber.describe(metricCatalog.fallbackRate.description),
  cacheHitRate: nullableNumber.describe(metricCatalog.cacheHitRate.description),
  corrections: z.object({
    count: z.number().describe(metricCatalog.corrections.description),
    calls: z.number().describe('Calls with at least one correction'),
    rate: nullableNumber.describe(`correctionRate: ${metricCatalog.correctionRate.description}`),
    meanSize: nullableNumber.describe(`meanCorrectionSize: ${metricCatalog.meanCorrectionSize.description}`),
  }),
  feedback: z.object({
    count: z.number().describe(metricCatalog.feedback.description),
    calls: z.number().describe('Calls with at least one feedback item'),
    coverage: nullableNumber.describe(`feedbackCoverage: ${metricCatalog.feedbackCoverage.description}`),
    positive: z.number().describe('Thumbs up and ratings of 4 or 5'),
    positiveRate: nullableNumber.describe(metricCatalog.positiveRate.description),
    ratings: z.number().describe('Feedback items that are 1–5 ratings'),
    meanRating: nullableNumber.describe(metricCatalog.meanRating.description),
  }),
  escalations: z.object({
    count: z.number().describe(metricCatalog.escalations.description),
    calls: z.number().describe('Calls with at least one escalation'),
    rate: nullableNumber.describe(`escalationRate: ${metricCatalog.escalationRate.description}`),
  }),
  scored: z
    .object({
      calls: z.number().describe('Calls with at least one score, of any name'),
      coverage: nullableNumber.describe(`scoreCoverage: ${metricCatalog.scoreCoverage.description}`),
    })
    .describe('How many of the calls were scored at all (`scores` has each name)'),
  scores: z
    .record(
      z.string(),
      z.object({ count: z.number(), mean: nullableNumber.describe('Sum of the values / count') }),
    )
    .describe('Per score name (`accuracy`, `relevance`…): the scores about the calls, and their mean'),
  outcomes: z
    .record(z.string(), z.object({ count: z.number(), sum: z.number() }))
    .describe(
      'Per outcome name (`ticket_resolved`, `minutes_saved`…): how many, and the sum of their values',
    ),
})
export const receiptSchema = z
  .object({
    received: z.number().describe('Signals dated in the window, by their own time whatever `timeBasis` says'),
    orphaned: z
      .number()
      .describe(
        'Of those, the signals about no call of this project: unknown ids, calls sampled out or not arrived yet',
      ),
  })
  .describe(
    'Signals received in the window. Filtered by `useCase` (the signal’s own) only: other filters are properties ' +
      'of calls, which an orphaned signal has none of.',
  )

/** The summary shape: every metric, grouped the way people read them. */
export function summaryOf(a: Aggregates, s: SignalAggregates) {
  const v = (name: MetricName) => metricCatalog[name].value(a, s)
  return {
    calls: a.calls,
    errors: a.errors,
    errorRate: v('errorRate'),
    timeouts: a.timeouts,
    timeoutRate: v('timeoutRate'),
    costUsd: a.costUsd,
    costPerCallUsd: v('costPerCallUsd'),
    costUnknownCalls: a.costUnknownCalls,
    costCoverage: v('costCoverage'),
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
    corrections: {
      count: s.corrections,
      calls: s.correctedCalls,
      rate: v('correctionRate'),
      meanSize: v('meanCorrectionSize'),
    },
    feedback: {
      count: s.feedback,
      calls: s.feedbackCalls,
      coverage: v('feedbackCoverage'),
      positive: s.feedbackPositive,
      positiveRate: v('positiveRate'),
      ratings: s.ratings,
      meanRating: v('meanRating'),
    },
    escalations: { count: s.escalations, calls: s.escalatedCalls, rate: v('escalationRate') },
    scored: { calls: s.scoredCalls, coverage: v('scoreCoverage') },
    scores: Object.fromEntries(
      [...s.scores].map(([name, total]) => [
        name,
        { count: total.count, mean: rate(total.sum, total.count) },
      ]),
    ),
    outcomes: Object.fromEntries(
      [...s.outcomes].map(([name, total]) => [name, { count: total.count, sum: total.sum }]),
    ),
  }
}
