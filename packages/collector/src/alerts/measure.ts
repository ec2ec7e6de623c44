import { resolveMetric } from '../api/metric-catalog.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import {
  emptyAggregates,
  type MetricFilters,
  type Percentiles,
  queryAggregates,
} from '../storage/metrics-query.js'
import { emptySignalAggregates } from '../storage/signal-aggregates.js'
import { querySignalAggregates, type TimeBasis } from '../storage/signal-metrics-query.js'
import type { RuleFilters } from './alert-rule.js'

/**
 * One metric over one window and set of filters, as the summary API computes
 * it: what alert rules and readiness criteria judge. Reads only what the
 * metric needs (no percentile states for a rate, no signals for a call metric).
 */

export interface Measurement {
  /** The metric's value; null when it has none (a rate over 0 calls, a percentile of nothing). */
  value: number | null
  /** Calls in the window (what `minCalls` is compared with). */
  calls: number
  from: Date
  to: Date
}

export interface MeasureRequest {
  projectId: string
  metric: string
  filters: RuleFilters
  from: Date
  to: Date
  timeBasis?: TimeBasis
}

const percentileFamily = (metric: string): Percentiles[] =>
  metric.startsWith('latency') ? ['latency'] : metric.startsWith('ttft') ? ['ttft'] : []

/** Turns rule filters into the metric engine's, bound to the project. */
export function metricFilters(projectId: string, filters: RuleFilters, from: Date, to: Date): MetricFilters {
  return {
    projectId,
    from,
    to,
    useCase: filters.useCase,
    model: filters.model,
    provider: filters.provider,
    environment: filters.environment,
    promptVersion: filters.promptVersion,
    serviceName: filters.serviceName,
    user: filters.userId,
    tag: filters.tag,
  }
}

export async function measure(store: ClickHouseStore, request: MeasureRequest): Promise<Measurement> {
  const { metric, ...rest } = request
  return (await measureMany(store, { ...rest, metrics: [metric] }))[0] as Measurement
}

/**
 * Several metrics over the same window and filters from one metric query
 * (and one signal query if any needs signals): what a readiness scorecard
 * asks for, criterion after criterion. Answers in the order of `metrics`.
 */
export async function measureMany(
  store: ClickHouseStore,
  request: Omit<MeasureRequest, 'metric'> & { metrics: readonly string[] },
): Promise<Measurement[]> {
  const definitions = request.metrics.map((metric) => {
    const definition = resolveMetric(metric)
    if (!definition) throw new Error(`unknown metric "${metric}"`)
    return definition
  })
  const filters = metricFilters(request.projectId, request.filters, request.from, request.to)
  const percentiles = [...new Set(request.metrics.flatMap(percentileFamily))]
  const [[calls], [signals]] = await Promise.all([
    queryAggregates(store, { filters, percentiles }),
    definitions.some((definition) => definition.signals)
      ? querySignalAggregates(store, { filters, basis: request.timeBasis ?? 'call' })
      : Promise.resolve([]),
  ])
  const aggregates = calls ?? emptyAggregates()
  return definitions.map((definition) => ({
    value: definition.value(aggregates, signals ?? emptySignalAggregates()),
    calls: aggregates.calls,
    from: request.from,
    to: request.to,
  }))
}
