import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { VigilError } from '../errors.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import {
  type AggregateRow,
  type Aggregates,
  type Dimension,
  dimensions,
  emptyAggregates,
  type MetricFilters,
  queryAggregates,
} from '../storage/metrics-query.js'
import { emptySignalAggregates, type SignalAggregates } from '../storage/signal-aggregates.js'
import {
  querySignalAggregates,
  querySignalReceipt,
  type SignalAggregateRow,
  type TimeBasis,
} from '../storage/signal-metrics-query.js'
import { apiRoute } from './api-route.js'
import { resolveMetric } from './metric-catalog.js'
import { filterShape, filtersOf, metricList, metricName, oneOf, timeBasisOf } from './metric-filters.js'
import { receiptSchema, summaryOf, summarySchema } from './metric-summary.js'

const windowSchema = { from: z.string(), to: z.string() }

/** Bucket widths a time series can use; all divide a day, so buckets align to UTC midnight. */
const intervals = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '6h': 21_600, '1d': 86_400 } as const
type Interval = keyof typeof intervals
const intervalNames = Object.keys(intervals) as [Interval, ...Interval[]]
const MAX_BUCKETS = 1500
/** Groups a breakdown sorts in memory at most (by an oversight metric): the busiest ones. */
const MAX_SORTED_GROUPS = 10_000

const groupDimensions = [
  'useCase',
  'model',
  'provider',
  'environment',
  'promptVersion',
  'serviceName',
] as const
const breakdownDimensions = [...groupDimensions, 'user'] as const

const OVERSIGHT =
  'Oversight metrics (corrections, feedback, scores, escalations, outcomes) count the signals about the calls ' +
  'in the window: a signal about several calls counts once per group, and rates divide by the calls of the group. ' +
  'A signal names its calls by span id, else trace id, else subject id (narrowed to its use case when it names one).'

/** The smallest interval that keeps the series at most 100 points: enough for a chart, cheap to read. */
function autoInterval(from: Date, to: Date): Interval {
  const seconds = (to.getTime() - from.getTime()) / 1000
  return intervalNames.find((name) => seconds / intervals[name] <= 100) ?? '1d'
}

/**
 * `GET /api/v1/metrics/*`: the production numbers, always bound to the
 * caller's project. Call metrics read the rollups where they are exact (see
 * storage/metrics-query.ts) and raw calls where they must; oversight metrics
 * join signals to raw calls (storage/signal-metrics-query.ts); the two are
 * merged per group and bucket here.
 */
const metricsApi: FastifyPluginAsync<{ store: ClickHouseStore }> = async (app, { store }) => {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/metrics/summary',
      scope: 'read',
      tag: 'Metrics',
      summary: 'Every production metric over a window',
      description: `Rates are null when their denominator is 0. Percentiles are merged t-digests (about 1% relative error). ${OVERSIGHT}`,
      query: z.strictObject(filterShape),
      response: z.object({ ...windowSchema, ...summarySchema.shape, signals: receiptSchema }),
    },
    async ({ principal, query }) => {
      const filters = filtersOf(principal.projectId, query)
      const [[row], [signals], receipt] = await Promise.all([
        queryAggregates(store, { filters }),
        querySignalAggregates(store, { filters, basis: timeBasisOf(query) }),
        querySignalReceipt(store, filters),
      ])
      return {
        from: filters.from.toISOString(),
        to: filters.to.toISOString(),
        ...summaryOf(row ?? emptyAggregates(), signals ?? emptySignalAggregates()),
        signals: receipt,
      }
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/metrics/timeseries',
      scope: 'read',
      tag: 'Metrics',
      summary: 'Metrics per time bucket, optionally per value of one dimension',
      description:
        'With `groupBy`, the `limit` values with the most calls are series of their own and the rest is folded ' +
        'into one series with `other: true`. Buckets without calls are present with 0 counts and null rates. ' +
        `${OVERSIGHT} Named metrics: \`score:<name>\` (mean), \`scoreCount:<name>\`, \`outcome:<name>\` (sum), ` +
        '`outcomeCount:<name>`.',
      query: z.strictObject({
        ...filterShape,
        metric: metricList,
        interval: oneOf(intervalNames, 'interval')
          .optional()
          .describe('Bucket width; default: the smallest giving at most 100 buckets'),
        groupBy: oneOf(groupDimensions, 'dimension').optional(),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(20)
          .default(5)
          .describe('Series kept with groupBy (top by calls)'),
      }),
      response: z.object({
        ...windowSchema,
        interval: z.enum(intervalNames),
        metrics: z.array(z.string()),
        groupBy: z.enum(groupDimensions).nullable(),
        series: z.array(
          z.object({
            group: z
              .string()
              .nullable()
              .describe('The dimension value; null for the ungrouped series and for other'),
            other: z.boolean(),
            points: z.array(z.record(z.string(), z.number().nullable())),
          }),
        ),
      }),
    },
    async ({ principal, query }) => {
      const filters = filtersOf(principal.projectId, query)
      const interval = query.interval ?? autoInterval(filters.from, filters.to)
      const bucketSeconds = intervals[interval]
      // Buckets cover the window from the one holding `from`.
      const first = Math.floor(filters.from.getTime() / 1000 / bucketSeconds) * bucketSeconds
      const buckets = Math.ceil((filters.to.getTime() / 1000 - first) / bucketSeconds)
      if (buckets > MAX_BUCKETS) {
        throw new VigilError(
          'INVALID_PARAMS',
          `Invalid query parameter "interval": ${interval} gives ${buckets} buckets over this window (at most ${MAX_BUCKETS}); use a wider interval`,
        )
      }
      const metrics = query.metric.map((name) => ({ name, definition: resolveMetric(name) }))
      const groupBy = query.groupBy as Dimension | undefined
      let keepGroups: string[] | undefined
      if (groupBy) {
        const top = await queryAggregates(store, {
          filters,
          groupBy,
          orderBy: 'calls DESC, g',
          limit: query.limit,
          percentiles: [],
        })
        keepGroups = top.map((row) => row.group ?? '')
      }
      const percentiles = (['latency', 'ttft'] as const).filter((family) =>
        query.metric.some((name) => name.startsWith(family)),
      )
      const needsSignals = metrics.some(({ definition }) => definition?.signals)
      const [rows, signalRows] = await Promise.all([
        queryAggregates(store, { filters, bucketSeconds, groupBy, keepGroups, percentiles }),
        needsSignals
          ? querySignalAggregates(store, {
              filters,
              basis: timeBasisOf(query),
              bucketSeconds,
              groupBy,
              keepGroups,
            })
          : [],
      ])
      const seriesKey = (row: { group?: string; other?: boolean }) =>
        row.other ? '\u0000other' : (row.group ?? '')
      const byKey = new Map<
        string,
        { calls: Map<number, Aggregates>; signals: Map<number, SignalAggregates> }
      >()
      const seriesOf = (key: string) => {
        let series = byKey.get(key)
        if (!series) {
          series = { calls: new Map(), signals: new Map() }
          byKey.set(key, series)
        }
        return series
      }
      // Kept groups in rank order, even when a group has no calls in any bucket of the series.
      if (keepGroups) for (const value of keepGroups) seriesOf(value)
      else seriesOf('')
      for (const row of rows) seriesOf(seriesKey(row)).calls.set(row.bucket ?? 0, row)
      for (const row of signalRows) seriesOf(seriesKey(row)).signals.set(row.bucket ?? 0, row)
      const series = [...byKey].map(([key, points]) => ({
        group: groupBy && key !== '\u0000other' ? key : null,
        other: key === '\u0000other',
        points: Array.from({ length: buckets }, (_, i) => {
          const t = first + i * bucketSeconds
          const aggregates = points.calls.get(t) ?? emptyAggregates()
          const signals = points.signals.get(t) ?? emptySignalAggregates()
          const point: Record<string, number | null> = { t: t * 1000 }
          for (const { name, definition } of metrics)
            point[name] = definition?.value(aggregates, signals) ?? null
          return point
        }),
      }))
      return {
        from: filters.from.toISOString(),
        to: filters.to.toISOString(),
        interval,
        metrics: query.metric,
        groupBy: query.groupBy ?? null,
        series,
      }
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/metrics/breakdown',
      scope: 'read',
      tag: 'Metrics',
      summary: 'The summary per value of one dimension, sorted (e.g. the most expensive use cases or users)',
      description:
        `${OVERSIGHT} Sorting by an oversight metric (or with timeBasis=signal) ranks at most the ` +
        `${MAX_SORTED_GROUPS.toLocaleString('en')} values with the most calls.`,
      query: z.strictObject({
        ...filterShape,
        by: oneOf(breakdownDimensions, 'dimension'),
        sort: metricName
          .default('costUsd')
          .describe('Any metric of the time series, e.g. costUsd, correctionRate'),
        order: oneOf(['desc', 'asc'] as const, 'order').default('desc'),
        limit: z.coerce.number().int().min(1).max(1000).default(50),
      }),
      response: z.object({
        ...windowSchema,
        by: z.enum(breakdownDimensions),
        sort: z.string(),
        order: z.enum(['desc', 'asc']),
        rows: z.array(z.object({ value: z.string(), ...summarySchema.shape })),
      }),
    },
    async ({ principal, query }) => {
      const filters = filtersOf(principal.projectId, query)
      const basis = timeBasisOf(query)
      const definition = resolveMetric(query.sort)
      const rows = await breakdownRows(store, {
        filters,
        basis,
        by: query.by,
        sort: definition?.order !== undefined && basis === 'call' ? definition.order : undefined,
        order: query.order,
        limit: query.limit,
      })
      if (definition?.order === undefined || basis === 'signal') {
        // Ranked here: the value comes from signals, or groups may have signals but no calls in the window.
        const value = (row: (typeof rows)[number]) => definition?.value(row.calls, row.signals) ?? null
        const sign = query.order === 'asc' ? 1 : -1
        rows.sort((a, b) => {
          const x = value(a)
          const y = value(b)
          if (x === null || y === null) return x === y ? compare(a.group, b.group) : x === null ? 1 : -1
          return x === y ? compare(a.group, b.group) : sign * (x - y)
        })
        rows.splice(query.limit)
      }
      return {
        from: filters.from.toISOString(),
        to: filters.to.toISOString(),
        by: query.by,
        sort: query.sort,
        order: query.order,
        rows: rows.map((row) => ({ value: row.group, ...summaryOf(row.calls, row.signals) })),
      }
    },
  )
}

interface BreakdownRow {
  group: string
  calls: Aggregates
  signals: SignalAggregates
}

/**
 * The groups of a breakdown with their call and signal aggregates. With a SQL
 * `sort` the call query orders and cuts them; without, every group (up to
 * MAX_SORTED_GROUPS by calls, plus groups that only have signals) comes back
 * for the caller to rank.
 */
async function breakdownRows(
  store: ClickHouseStore,
  query: {
    filters: MetricFilters
    basis: TimeBasis
    by: Dimension
    sort: string | undefined
    order: 'asc' | 'desc'
    limit: number
  },
): Promise<BreakdownRow[]> {
  const { filters, by } = query
  const direction = query.order === 'asc' ? 'ASC' : 'DESC'
  const [calls, signals] = await Promise.all([
    queryAggregates(store, {
      filters,
      groupBy: by,
      // Groups without a value for the metric (a rate over 0 calls) go last either way.
      orderBy: query.sort ? `isNull(${query.sort}), ${query.sort} ${direction}, g` : 'calls DESC, g',
      limit: query.sort ? query.limit : MAX_SORTED_GROUPS,
    }),
    querySignalAggregates(store, { filters, basis: query.basis, groupBy: by }),
  ])
  const signalsByGroup = new Map<string, SignalAggregateRow>(signals.map((row) => [row.group ?? '', row]))
  const rows = calls.map((row: AggregateRow) => ({
    group: row.group ?? '',
    calls: row as Aggregates,
    signals: signalsByGroup.get(row.group ?? '') ?? emptySignalAggregates(),
  }))
  if (!query.sort) {
    const seen = new Set(rows.map((row) => row.group))
    for (const [group, row] of signalsByGroup)
      if (!seen.has(group)) rows.push({ group, calls: emptyAggregates(), signals: row })
  }
  return rows
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** For tests and docs: every dimension the API knows. */
export const metricDimensions = Object.keys(dimensions) as Dimension[]

export default metricsApi
