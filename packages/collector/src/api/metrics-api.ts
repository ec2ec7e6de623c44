import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { VigilError } from '../errors.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import {
  type Aggregates,
  type Dimension,
  dimensions,
  emptyAggregates,
  type MetricFilters,
  queryAggregates,
} from '../storage/metrics-query.js'
import { apiRoute } from './api-route.js'
import { instant } from './instant.js'
import { type MetricName, metricCatalog, metricNames, summaryOf } from './metric-catalog.js'

const DAY_MS = 86_400_000
const filterValue = z.string().min(1).max(256)

const filterShape = {
  from: instant.optional().describe('Start of the window (ISO 8601 or epoch ms); default: 24 h before `to`'),
  to: instant.optional().describe('End of the window, exclusive; default: now'),
  useCase: filterValue.optional(),
  model: filterValue
    .optional()
    .describe('The model that answered (the requested one when the response named none)'),
  provider: filterValue.optional(),
  environment: filterValue.optional(),
  promptVersion: filterValue.optional(),
  serviceName: filterValue.optional(),
  userId: filterValue.optional().describe('End-user id (reads raw calls: slower over long windows)'),
  tag: filterValue.optional().describe('Calls carrying this tag (reads raw calls)'),
}

const nullableNumber = z.number().nullable()
const summarySchema = z.object({
  calls: z.number(),
  errors: z.number(),
  errorRate: nullableNumber.describe(metricCatalog.errorRate.description),
  timeouts: z.number(),
  timeoutRate: nullableNumber.describe(metricCatalog.timeoutRate.description),
  costUsd: z.number().describe(metricCatalog.costUsd.description),
  costPerCallUsd: nullableNumber.describe(metricCatalog.costPerCallUsd.description),
  costUnknownCalls: z.number().describe(metricCatalog.costUnknownCalls.description),
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
})
const windowSchema = { from: z.string(), to: z.string() }

/** Bucket widths a time series can use; all divide a day, so buckets align to UTC midnight. */
const intervals = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '6h': 21_600, '1d': 86_400 } as const
type Interval = keyof typeof intervals
const intervalNames = Object.keys(intervals) as [Interval, ...Interval[]]
const MAX_BUCKETS = 1500

const groupDimensions = [
  'useCase',
  'model',
  'provider',
  'environment',
  'promptVersion',
  'serviceName',
] as const
const breakdownDimensions = [...groupDimensions, 'user'] as const

const metricList = z
  .string()
  .min(1)
  .transform((text, ctx) => {
    const names = text.split(',').map((name) => name.trim())
    const unknown = names.filter((name) => !(name in metricCatalog))
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown metric "${unknown.join('", "')}"; available: ${metricNames.join(', ')}`,
      })
      return z.NEVER
    }
    return [...new Set(names)] as MetricName[]
  })
  .describe(`One or more of: ${metricNames.join(', ')} (comma-separated)`)

function oneOf<T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: () => `unknown ${what}; available: ${values.join(', ')}` })
}

/** Rollup buckets are DateTime (1970–2106): a window reaching past them is cut to what can be stored. */
const EARLIEST = 0
const LATEST = Date.UTC(2100, 0, 1)

function windowOf(query: { from?: Date | undefined; to?: Date | undefined }): { from: Date; to: Date } {
  const clamp = (date: Date) => new Date(Math.min(LATEST, Math.max(EARLIEST, date.getTime())))
  const to = clamp(query.to ?? new Date())
  const from = clamp(query.from ?? new Date(to.getTime() - DAY_MS))
  if (from >= to)
    throw new VigilError('INVALID_PARAMS', 'Invalid query parameter "from": must be before "to"')
  return { from, to }
}

function filtersOf(
  projectId: string,
  query: Partial<Record<keyof typeof filterShape, unknown>>,
): MetricFilters {
  const { from, to } = windowOf(query as { from?: Date; to?: Date })
  const pick = (name: keyof typeof filterShape) => query[name] as string | undefined
  return {
    projectId,
    from,
    to,
    useCase: pick('useCase'),
    model: pick('model'),
    provider: pick('provider'),
    environment: pick('environment'),
    promptVersion: pick('promptVersion'),
    serviceName: pick('serviceName'),
    user: pick('userId'),
    tag: pick('tag'),
  }
}

/** The smallest interval that keeps the series at most 100 points: enough for a chart, cheap to read. */
function autoInterval(from: Date, to: Date): Interval {
  const seconds = (to.getTime() - from.getTime()) / 1000
  return intervalNames.find((name) => seconds / intervals[name] <= 100) ?? '1d'
}

/**
 * `GET /api/v1/metrics/*`: the production numbers, always bound to the
 * caller's project. Reads the rollups where they are exact (see
 * storage/metrics-query.ts) and raw calls where it must.
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
      description:
        'Rates are null when their denominator is 0. Percentiles are merged t-digests (about 1% relative error).',
      query: z.strictObject(filterShape),
      response: z.object({ ...windowSchema, ...summarySchema.shape }),
    },
    async ({ principal, query }) => {
      const filters = filtersOf(principal.projectId, query)
      const [row] = await queryAggregates(store, { filters })
      return {
        from: filters.from.toISOString(),
        to: filters.to.toISOString(),
        ...summaryOf(row ?? emptyAggregates()),
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
        'into one series with `other: true`. Buckets without calls are present with 0 counts and null rates.',
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
        metrics: z.array(z.enum(metricNames)),
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
      const groupBy = query.groupBy as Dimension | undefined
      let keepGroups: string[] | undefined
      if (groupBy) {
        const top = await queryAggregates(store, {
          filters,
          groupBy,
          orderBy: 'calls DESC, g',
          limit: query.limit,
        })
        keepGroups = top.map((row) => row.group ?? '')
      }
      const rows = await queryAggregates(store, { filters, bucketSeconds, groupBy, keepGroups })
      const seriesKey = (row: { group?: string; other?: boolean }) =>
        row.other ? '\u0000other' : (row.group ?? '')
      const byKey = new Map<string, Map<number, Aggregates>>()
      // Kept groups in rank order, even when a group has no calls in any bucket of the series.
      if (keepGroups) for (const value of keepGroups) byKey.set(value, new Map())
      else byKey.set('', new Map())
      for (const row of rows) {
        const key = seriesKey(row)
        if (!byKey.has(key)) byKey.set(key, new Map())
        byKey.get(key)?.set(row.bucket ?? 0, row)
      }
      const series = [...byKey].map(([key, points]) => ({
        group: groupBy && key !== '\u0000other' ? key : null,
        other: key === '\u0000other',
        points: Array.from({ length: buckets }, (_, i) => {
          const t = first + i * bucketSeconds
          const aggregates = points.get(t) ?? emptyAggregates()
          const point: Record<string, number | null> = { t: t * 1000 }
          for (const name of query.metric) point[name] = metricCatalog[name].value(aggregates)
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
      query: z.strictObject({
        ...filterShape,
        by: oneOf(breakdownDimensions, 'dimension'),
        sort: oneOf(metricNames, 'metric').default('costUsd'),
        order: oneOf(['desc', 'asc'] as const, 'order').default('desc'),
        limit: z.coerce.number().int().min(1).max(1000).default(50),
      }),
      response: z.object({
        ...windowSchema,
        by: z.enum(breakdownDimensions),
        sort: z.enum(metricNames),
        order: z.enum(['desc', 'asc']),
        rows: z.array(z.object({ value: z.string(), ...summarySchema.shape })),
      }),
    },
    async ({ principal, query }) => {
      const filters = filtersOf(principal.projectId, query)
      const direction = query.order === 'asc' ? 'ASC' : 'DESC'
      const rows = await queryAggregates(store, {
        filters,
        groupBy: query.by,
        // Groups without a value for the metric (a rate over 0 calls) go last either way.
        orderBy: `isNull(${metricCatalog[query.sort].order}), ${metricCatalog[query.sort].order} ${direction}, g`,
        limit: query.limit,
      })
      return {
        from: filters.from.toISOString(),
        to: filters.to.toISOString(),
        by: query.by,
        sort: query.sort,
        order: query.order,
        rows: rows.map((row) => ({ value: row.group ?? '', ...summaryOf(row) })),
      }
    },
  )
}

/** For tests and docs: every dimension the API knows. */
export const metricDimensions = Object.keys(dimensions) as Dimension[]

export default metricsApi
