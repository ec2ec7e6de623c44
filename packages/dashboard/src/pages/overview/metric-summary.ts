/**
 * The metrics API's answers as the dashboard reads them (see the collector's
 * api/metric-summary.ts and metrics-api.ts, or GET /openapi.json). Only the
 * fields the pages use are spelled out. Summary and breakdown rows share the
 * summary shape.
 */

export interface MetricSummary {
  calls: number
  errors: number
  errorRate: number | null
  timeouts: number
  timeoutRate: number | null
  costUsd: number
  costPerCallUsd: number | null
  costUnknownCalls: number
  costCoverage: number | null
  latencyMs: { p50: number | null; p95: number | null; p99: number | null }
  ttftMs: { p50: number | null; p95: number | null }
  fallbackRate: number | null
  cacheHitRate: number | null
  corrections: { count: number; calls: number; rate: number | null; meanSize: number | null }
  feedback: {
    count: number
    calls: number
    coverage: number | null
    positive: number
    positiveRate: number | null
    ratings: number
    meanRating: number | null
  }
  escalations: { count: number; calls: number; rate: number | null }
}

export interface SummaryAnswer extends MetricSummary {
  from: string
  to: string
}

export interface TimeseriesAnswer {
  from: string
  to: string
  interval: string
  metrics: string[]
  groupBy: string | null
  series: {
    /** The dimension value; null for the ungrouped series and for `other`. */
    group: string | null
    other: boolean
    /** `t` (epoch ms) and one value per requested metric. */
    points: Record<string, number | null>[]
  }[]
}

export interface BreakdownRow extends MetricSummary {
  value: string
}

export interface BreakdownAnswer {
  from: string
  to: string
  by: string
  sort: string
  order: 'asc' | 'desc'
  rows: BreakdownRow[]
}
