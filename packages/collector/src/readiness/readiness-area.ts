import type { MetricName } from '../api/metric-catalog.js'

/**
 * The five areas teams judge a use case's readiness in, and the area a
 * metric speaks to when a criterion does not name one.
 *
 * Quality (scores, ratings, positive feedback) counts as risk: that area
 * answers "how often is the model wrong, and does a person catch it?", which
 * corrections and escalations answer too. Business value is what the use case
 * achieves (volume, outcomes); data is whether there is evidence to judge by
 * (feedback and score coverage); delivery is whether the calls work (errors,
 * latency, fallbacks, cost); operations is whether someone is told when they
 * stop working (alerts) and whether the monitoring sees everything (calls
 * with a known price). A criterion may name another area.
 */

export const readinessAreas = ['business_value', 'data', 'delivery', 'risk', 'operations'] as const
export type ReadinessArea = (typeof readinessAreas)[number]

export const areaLabels: Record<ReadinessArea, string> = {
  business_value: 'Business value',
  data: 'Data',
  delivery: 'Delivery',
  risk: 'Risk',
  operations: 'Operations',
}

// Every catalog metric must be placed: a new metric fails to compile here until it is.
const byMetric: Record<MetricName, ReadinessArea> = {
  calls: 'business_value',
  errors: 'delivery',
  errorRate: 'delivery',
  timeouts: 'delivery',
  timeoutRate: 'delivery',
  costUsd: 'delivery',
  costPerCallUsd: 'delivery',
  costUnknownCalls: 'operations',
  costCoverage: 'operations',
  latencyP50Ms: 'delivery',
  latencyP95Ms: 'delivery',
  latencyP99Ms: 'delivery',
  ttftP50Ms: 'delivery',
  ttftP95Ms: 'delivery',
  inputTokens: 'delivery',
  outputTokens: 'delivery',
  cachedTokens: 'delivery',
  reasoningTokens: 'delivery',
  fallbackRate: 'delivery',
  cacheHitRate: 'delivery',
  corrections: 'risk',
  correctionRate: 'risk',
  meanCorrectionSize: 'risk',
  feedback: 'data',
  feedbackCoverage: 'data',
  positiveRate: 'risk',
  meanRating: 'risk',
  escalations: 'risk',
  escalationRate: 'risk',
  scoreCoverage: 'data',
}

// `score:accuracy` is a quality (risk); how many scores there are is evidence (data).
const byFamily: Record<string, ReadinessArea> = {
  score: 'risk',
  scoreCount: 'data',
  outcome: 'business_value',
  outcomeCount: 'business_value',
}

/** The area of a metric name (a catalog one or `<family>:<name>`); delivery for anything unplaced. */
export function areaOfMetric(metric: string): ReadinessArea {
  if (Object.hasOwn(byMetric, metric)) return byMetric[metric as MetricName]
  const family = metric.slice(0, Math.max(0, metric.indexOf(':')))
  return Object.hasOwn(byFamily, family) ? (byFamily[family] as ReadinessArea) : 'delivery'
}
