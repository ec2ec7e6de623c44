import { type Rollup, rollupServes, rollups } from './call-rollups.js'
import type { ClickHouseStore } from './clickhouse-store.js'

/**
 * The metric engine behind summary, time series and breakdown. A window is
 * read from the coarsest rollup whose rows fit inside it and the query's
 * buckets (whole days, hours, minutes; per granularity the narrowest rollup
 * that keeps the dimensions the query needs: none, one, or all — see
 * call-rollups.ts) and
 * only its ragged edges from raw `calls`; the parts are combined in one query
 * as partial aggregates, counts summed and t-digest states merged, so a
 * percentile over any window comes from one merged digest. Filters on what no
 * rollup keeps (user, tag) read raw rows for the whole window.
 */

/** Dimensions a query can filter or group by, with their column. Rollup ones first. */
export const dimensions = {
  useCase: { column: 'use_case', rollup: true },
  model: { column: 'model', rollup: true },
  provider: { column: 'provider', rollup: true },
  environment: { column: 'environment', rollup: true },
  promptVersion: { column: 'prompt_version', rollup: true },
  serviceName: { column: 'service_name', rollup: true },
  user: { column: 'user_id', rollup: false },
} as const

export type Dimension = keyof typeof dimensions

export interface MetricFilters {
  projectId: string
  from: Date
  to: Date
  useCase?: string | undefined
  model?: string | undefined
  provider?: string | undefined
  environment?: string | undefined
  promptVersion?: string | undefined
  serviceName?: string | undefined
  user?: string | undefined
  /** Calls carrying this tag (raw rows only: tags are not in the rollups). */
  tag?: string | undefined
}

/** The merged aggregates of one group (and bucket), before metrics are derived. */
export interface Aggregates {
  calls: number
  errors: number
  timeouts: number
  fallbackCalls: number
  cacheHits: number
  costUnknownCalls: number
  costUsd: number
  inputTokens: number
  outputTokens: number
  cachedTokens: number
  cacheCreationTokens: number
  reasoningTokens: number
  /** p50, p95, p99 of latency (ms); empty when no calls. */
  latency: number[]
  /** p50, p95 of time to first token (ms); empty when no call reported one. */
  ttft: number[]
}

interface Segment {
  source: Rollup | 'raw'
  from: number
  to: number
}

/**
 * Splits [from, to) (epoch ms) into pieces each source can answer exactly:
 * the coarsest rollup whose unit divides `bucketSeconds` takes the whole units
 * inside, the next one the edges, raw rows what is left.
 */
export function planSegments(
  from: number,
  to: number,
  bucketSeconds: number,
  rawOnly: boolean,
  needed: readonly string[] = [],
): Segment[] {
  if (rawOnly) return [{ source: 'raw', from, to }]
  // Per granularity, the narrowest rollup that keeps every dimension the query needs.
  const usable: Rollup[] = []
  for (const rollup of rollups) {
    if (bucketSeconds % rollup.seconds !== 0) continue
    if (!rollupServes(rollup, needed)) continue
    if (usable.some((chosen) => chosen.seconds === rollup.seconds)) continue
    usable.push(rollup)
  }
  const segments: Segment[] = []
  const cover = (start: number, end: number, level: number): void => {
    if (start >= end) return
    const rollup = usable[level]
    if (!rollup) {
      segments.push({ source: 'raw', from: start, to: end })
      return
    }
    const unit = rollup.seconds * 1000
    const a = Math.ceil(start / unit) * unit
    const b = Math.floor(end / unit) * unit
    if (a >= b) {
      cover(start, end, level + 1)
      return
    }
    cover(start, a, level + 1)
    segments.push({ source: rollup, from: a, to: b })
    cover(b, end, level + 1)
  }
  cover(from, to, 0)
  return segments
}

// Partial aggregates with one name each, whatever the source, so the parts can be UNIONed.
const rollupPartials = `sum(calls) AS p_calls, sum(errors) AS p_errors, sum(timeouts) AS p_timeouts,
  sum(fallback_calls) AS p_fallback_calls, sum(cache_hits) AS p_cache_hits, sum(cost_unknown_calls) AS p_cost_unknown_calls,
  sum(cost_usd_sum) AS p_cost_usd, sum(input_tokens_sum) AS p_input_tokens, sum(output_tokens_sum) AS p_output_tokens,
  sum(cache_read_tokens_sum) AS p_cached_tokens, sum(cache_creation_tokens_sum) AS p_cache_creation_tokens,
  sum(reasoning_tokens_sum) AS p_reasoning_tokens`

const rawPartials = `count() AS p_calls, countIf(status = 'error') AS p_errors, countIf(error_type = 'timeout') AS p_timeouts,
  countIf(fallback_attempt > 1) AS p_fallback_calls, countIf(cache_hit = 1) AS p_cache_hits,
  countIf(cost_usd IS NULL) AS p_cost_unknown_calls,
  sum(ifNull(cost_usd, 0)) AS p_cost_usd, sum(ifNull(input_tokens, 0)) AS p_input_tokens,
  sum(ifNull(output_tokens, 0)) AS p_output_tokens, sum(ifNull(cache_read_tokens, 0)) AS p_cached_tokens,
  sum(ifNull(cache_creation_tokens, 0)) AS p_cache_creation_tokens, sum(ifNull(reasoning_tokens, 0)) AS p_reasoning_tokens`

const mergedAggregates = `sum(p_calls) AS calls, sum(p_errors) AS errors, sum(p_timeouts) AS timeouts,
  sum(p_fallback_calls) AS fallback_calls, sum(p_cache_hits) AS cache_hits, sum(p_cost_unknown_calls) AS cost_unknown_calls,
  sum(p_cost_usd) AS cost_usd, sum(p_input_tokens) AS input_tokens, sum(p_output_tokens) AS output_tokens,
  sum(p_cached_tokens) AS cached_tokens, sum(p_cache_creation_tokens) AS cache_creation_tokens,
  sum(p_reasoning_tokens) AS reasoning_tokens`

/**
 * Percentile states, per source, and their merge. Merging t-digests is what a
 * long window costs (~13 µs a state on this machine, one state per rollup row),
 * so a query that reports no percentile reads none.
 */
const digests = {
  latency: {
    rollup: 'quantileTDigestMergeState(latency_ms_digest) AS p_latency',
    raw: 'quantileTDigestState(duration_ms) AS p_latency',
    merged: 'quantilesTDigestMerge(0.5, 0.95, 0.99)(p_latency) AS latency_q',
    none: '[] AS latency_q',
  },
  ttft: {
    rollup: 'quantileTDigestMergeState(ttft_ms_digest) AS p_ttft',
    raw: 'quantileTDigestStateIf(assumeNotNull(ttft_ms), ttft_ms IS NOT NULL) AS p_ttft',
    merged: 'quantilesTDigestMerge(0.5, 0.95)(p_ttft) AS ttft_q',
    none: '[] AS ttft_q',
  },
} as const

export type Percentiles = keyof typeof digests

export interface MetricQuery {
  filters: MetricFilters
  /** Bucket width for a time series; absent for one value per group. */
  bucketSeconds?: number
  groupBy?: Dimension
  /** With `groupBy`: only these values are groups of their own, the rest fold into one `other` group. */
  keepGroups?: readonly string[]
  /** With `groupBy` and without `keepGroups`: order and cut the groups (ORDER BY over merged columns). */
  orderBy?: string
  limit?: number
  /** Which percentile families to compute (both when absent); the others come back empty. */
  percentiles?: readonly Percentiles[]
}

export interface AggregateRow extends Aggregates {
  /** Bucket start, epoch seconds (time series only). */
  bucket?: number
  /** Group value (grouped queries only); with `keepGroups`, `other` marks the folded rest. */
  group?: string
  other?: boolean
}

interface RawAggregateRow {
  bucket?: number | string
  g?: string
  in_top?: number
  calls: string | number
  errors: string | number
  timeouts: string | number
  fallback_calls: string | number
  cache_hits: string | number
  cost_unknown_calls: string | number
  cost_usd: number
  input_tokens: string | number
  output_tokens: string | number
  cached_tokens: string | number
  cache_creation_tokens: string | number
  reasoning_tokens: string | number
  latency_q: number[]
  ttft_q: (number | null)[]
}

/** The dimension columns a query filters or groups by: a rollup must keep them all. */
function neededColumns(query: Pick<MetricQuery, 'filters' | 'groupBy'>): string[] {
  const columns = (Object.keys(dimensions) as Dimension[])
    .filter((name) => query.filters[name] !== undefined)
    .map((name) => dimensions[name].column)
  if (query.groupBy) columns.push(dimensions[query.groupBy].column)
  return columns
}

/** Whether the filters or grouping need columns only raw rows have. */
export function needsRaw(query: Pick<MetricQuery, 'filters' | 'groupBy'>): boolean {
  return (
    query.filters.user !== undefined ||
    query.filters.tag !== undefined ||
    (query.groupBy !== undefined && !dimensions[query.groupBy].rollup)
  )
}

/** Runs a metric query; every value is a query parameter, the project the caller's. */
export async function queryAggregates(store: ClickHouseStore, query: MetricQuery): Promise<AggregateRow[]> {
  const { filters } = query
  const bucketSeconds = query.bucketSeconds ?? 0
  const needed = neededColumns(query)
  const segments = planSegments(
    filters.from.getTime(),
    filters.to.getTime(),
    bucketSeconds === 0 ? 86_400 : bucketSeconds,
    needsRaw(query),
    needed,
  )
  const params: Record<string, unknown> = { projectId: filters.projectId, bucket: bucketSeconds }
  // Filters as (column, parameter) pairs: a per-dimension rollup names its one column `value`.
  const filterColumns: [string, string][] = []
  for (const [name, { column }] of Object.entries(dimensions) as [Dimension, { column: string }][]) {
    const value = filters[name]
    if (value === undefined) continue
    filterColumns.push([column, `f_${name}`])
    params[`f_${name}`] = value
  }
  if (filters.tag !== undefined) params.f_tag = filters.tag
  const group = query.groupBy ? dimensions[query.groupBy].column : undefined
  const wanted = query.percentiles ?? (['latency', 'ttft'] as const)
  const merged = (['latency', 'ttft'] as const).map((name) =>
    wanted.includes(name) ? digests[name].merged : digests[name].none,
  )
  if (query.keepGroups) params.keep = [...query.keepGroups]
  // A per-dimension rollup serves only a query needing exactly one dimension column (planSegments).
  if (needed.length > 0) params.dimension = needed[0]

  // One part per source: the two edges a source answers (before and after the
  // coarser middle) are read together, paying its fixed cost once.
  const bySource = new Map<Segment['source'], Segment[]>()
  for (const segment of segments)
    bySource.set(segment.source, [...(bySource.get(segment.source) ?? []), segment])
  let rangeIndex = 0
  const parts = [...bySource].map(([source, ranges]) => {
    const raw = source === 'raw'
    const each = !raw && source.shape === 'each'
    const column = (name: string) => (each ? 'value' : name)
    const time = raw ? 'start_time' : source.time
    const range = ranges
      .map((segment) => {
        const i = rangeIndex++
        params[`s${i}_from`] = segment.from
        params[`s${i}_to`] = segment.to
        return raw
          ? `start_time >= fromUnixTimestamp64Milli({s${i}_from:Int64}, 'UTC') AND start_time < fromUnixTimestamp64Milli({s${i}_to:Int64}, 'UTC')`
          : `${time} >= toDateTime(intDiv({s${i}_from:Int64}, 1000), 'UTC') AND ${time} < toDateTime(intDiv({s${i}_to:Int64}, 1000), 'UTC')`
      })
      .map((condition, _, all) => (all.length > 1 ? `(${condition})` : condition))
      .join(' OR ')
    const common = [
      'project_id = {projectId:String}',
      ...(each ? ['dimension = {dimension:String}'] : []),
      ...filterColumns.map(([name, param]) => `${column(name)} = {${param}:String}`),
      ...(filters.tag !== undefined ? ['has(tags, {f_tag:String})'] : []),
    ]
    const keys: string[] = []
    if (bucketSeconds > 0)
      keys.push(
        `toUInt32(toStartOfInterval(toDateTime(${time}, 'UTC'), toIntervalSecond({bucket:UInt32}))) AS bucket`,
      )
    if (group && query.keepGroups)
      keys.push(`${column(group)} IN {keep:Array(String)} AS in_top`, `if(in_top, ${column(group)}, '') AS g`)
    else if (group) keys.push(`${column(group)} AS g`)
    // Raw edges next to rollups read without FINAL: the rollups count what was inserted (the
    // writer drops retries before the insert), so FINAL would only make the edges disagree
    // with the middle, and it costs a merge of every part the edge touches. A raw-only query
    // (user, tag) has nothing to agree with and deduplicates.
    const from = raw
      ? `${store.table('calls')}${bySource.size > 1 ? '' : ' FINAL'}`
      : store.table(source.table)
    const groupBy = keys.map((key) => key.split(' AS ').pop()).join(', ')
    const states = wanted.map((name) => (raw ? digests[name].raw : digests[name].rollup))
    return `SELECT ${[...keys, raw ? rawPartials : rollupPartials, ...states].join(',\n  ')}
FROM ${from}
WHERE ${[...common, ranges.length > 1 ? `(${range})` : range].join(' AND ')}${groupBy ? `\nGROUP BY ${groupBy}` : ''}`
  })

  const outerKeys = [
    ...(bucketSeconds > 0 ? ['bucket'] : []),
    ...(group && query.keepGroups ? ['in_top', 'g'] : group ? ['g'] : []),
  ]
  const sql = `SELECT ${[...outerKeys, mergedAggregates, ...merged].join(', ')}
FROM (
${parts.join('\nUNION ALL\n')}
)${outerKeys.length > 0 ? `\nGROUP BY ${outerKeys.join(', ')}` : ''}${
    query.orderBy
      ? `\nORDER BY ${query.orderBy}`
      : outerKeys.length > 0
        ? `\nORDER BY ${outerKeys.join(', ')}`
        : ''
  }${query.limit !== undefined ? `\nLIMIT ${Math.trunc(query.limit)}` : ''}
SETTINGS do_not_merge_across_partitions_select_final = 1`
  const result = await store.client.query({ query: sql, query_params: params, format: 'JSONEachRow' })
  const rows = await result.json<RawAggregateRow>()
  return rows.map((row) => toAggregateRow(row, group !== undefined, query.keepGroups !== undefined))
}

function toAggregateRow(row: RawAggregateRow, grouped: boolean, folded: boolean): AggregateRow {
  const calls = Number(row.calls)
  const out: AggregateRow = {
    calls,
    errors: Number(row.errors),
    timeouts: Number(row.timeouts),
    fallbackCalls: Number(row.fallback_calls),
    cacheHits: Number(row.cache_hits),
    costUnknownCalls: Number(row.cost_unknown_calls),
    costUsd: Number(row.cost_usd),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cachedTokens: Number(row.cached_tokens),
    cacheCreationTokens: Number(row.cache_creation_tokens),
    reasoningTokens: Number(row.reasoning_tokens),
    latency: calls > 0 ? row.latency_q.map(Number) : [],
    // A digest that saw no value answers NaN, which JSON renders as null.
    ttft: row.ttft_q.every((v) => v !== null && Number.isFinite(Number(v))) ? row.ttft_q.map(Number) : [],
  }
  if (row.bucket !== undefined) out.bucket = Number(row.bucket)
  if (grouped) out.group = row.g ?? ''
  if (folded) out.other = Number(row.in_top) === 0
  return out
}

/** An empty group or bucket. */
export function emptyAggregates(): Aggregates {
  return {
    calls: 0,
    errors: 0,
    timeouts: 0,
    fallbackCalls: 0,
    cacheHits: 0,
    costUnknownCalls: 0,
    costUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    cacheCreationTokens: 0,
    reasoningTokens: 0,
    latency: [],
    ttft: [],
  }
}
