/**
 * The rollups of `calls` that metric queries read instead of raw rows:
 * `calls_1m` (per minute, filled by a view on `calls`), `calls_1h` (per hour,
 * by a view on `calls_1m`) and `calls_1d` (per UTC day, by a view on
 * `calls_1h`): a chain, so a row is rolled up once and each coarser level
 * costs one small aggregation per insert. A minute row per dimension set
 * saves little when traffic is spread over many dimension sets; the coarser
 * levels are what keep a 30-day query to a few thousand rows. All keep the same
 * dimensions; counts and sums are SimpleAggregateFunction(sum), latency and
 * time to first token t-digest states, so percentiles over any window are
 * computed from merged states, never averaged.
 */

/** The dimensions every rollup row is keyed by (after project and time). */
export const rollupDimensions = [
  'use_case',
  'model',
  'provider',
  'environment',
  'prompt_version',
  'service_name',
] as const

/** Summed columns of the rollups, in table order. */
export const rollupCounters = [
  'calls',
  'errors',
  'timeouts',
  'fallback_attempts',
  'fallbacks_served',
  'cache_hits',
  'streams_abandoned',
  'cost_unknown_calls',
  'cost_usd_sum',
  'input_tokens_sum',
  'output_tokens_sum',
  'cache_read_tokens_sum',
  'cache_creation_tokens_sum',
  'reasoning_tokens_sum',
  'duration_ms_sum',
  'fallback_calls',
] as const

export type RollupTime = 'minute' | 'hour' | 'day'

export interface Rollup {
  table: string
  /** Its time column. */
  time: RollupTime
  seconds: number
  /** The dimension columns it keeps; a query filtering or grouping by another cannot use it. */
  dimensions: readonly string[]
}

/**
 * Coarsest first, and at each granularity the narrowest first: a query uses,
 * per granularity, the first rollup that keeps every dimension it filters or
 * groups by. The `_all` tables keep none (one row per project and bucket): a
 * query over all calls merges one digest per bucket instead of one per
 * dimension set.
 */
export const rollups: readonly Rollup[] = [
  { table: 'calls_1d_all', time: 'day', seconds: 86_400, dimensions: [] },
  { table: 'calls_1d', time: 'day', seconds: 86_400, dimensions: rollupDimensions },
  { table: 'calls_1h_all', time: 'hour', seconds: 3600, dimensions: [] },
  { table: 'calls_1h', time: 'hour', seconds: 3600, dimensions: rollupDimensions },
  { table: 'calls_1m_all', time: 'minute', seconds: 60, dimensions: [] },
  { table: 'calls_1m', time: 'minute', seconds: 60, dimensions: rollupDimensions },
]

/** The columns the two SELECTs below produce, in order: an INSERT must name them (tables gain columns). */
export function rollupColumns(time: RollupTime, dimensions = true): string {
  return [
    'project_id',
    time,
    ...(dimensions ? rollupDimensions : []),
    ...rollupCounters,
    'latency_ms_digest',
    'ttft_ms_digest',
    'retention_days_max',
  ].join(', ')
}

const sumOf = (type: string) => `SimpleAggregateFunction(sum, ${type})`
const floatCounters = new Set<string>(['cost_usd_sum', 'duration_ms_sum'])

/** Column definitions of a rollup table at `time`, with or without the dimensions. */
export function rollupTableColumns(time: RollupTime, dimensions = true): string[] {
  return [
    'project_id LowCardinality(String)',
    `${time} DateTime('UTC') CODEC(Delta, ZSTD(1))`,
    ...(dimensions ? rollupDimensions.map((dimension) => `${dimension} LowCardinality(String)`) : []),
    ...rollupCounters.map((column) => `${column} ${sumOf(floatCounters.has(column) ? 'Float64' : 'UInt64')}`),
    'latency_ms_digest AggregateFunction(quantileTDigest, Float64)',
    'ttft_ms_digest AggregateFunction(quantileTDigest, Float64)',
    'retention_days_max SimpleAggregateFunction(max, UInt16)',
  ]
}

/** calls → calls_1m. Also what rebuilds minutes after a recompute (with `final`). */
export function callsPerMinuteSelect(
  from: string,
  options: { final?: boolean; where?: string } = {},
): string {
  return `SELECT
  project_id, toStartOfMinute(start_time) AS minute,
  ${rollupDimensions.join(', ')},
  count() AS calls,
  countIf(status = 'error') AS errors,
  countIf(error_type = 'timeout') AS timeouts,
  countIf(fallback_attempt > 0) AS fallback_attempts,
  countIf(fallback_served = 1) AS fallbacks_served,
  countIf(cache_hit = 1) AS cache_hits,
  countIf(stream_abandoned = 1) AS streams_abandoned,
  countIf(cost_usd IS NULL) AS cost_unknown_calls,
  sum(ifNull(cost_usd, 0)) AS cost_usd_sum,
  sum(ifNull(input_tokens, 0)) AS input_tokens_sum,
  sum(ifNull(output_tokens, 0)) AS output_tokens_sum,
  sum(ifNull(cache_read_tokens, 0)) AS cache_read_tokens_sum,
  sum(ifNull(cache_creation_tokens, 0)) AS cache_creation_tokens_sum,
  sum(ifNull(reasoning_tokens, 0)) AS reasoning_tokens_sum,
  sum(duration_ms) AS duration_ms_sum,
  countIf(fallback_attempt > 1) AS fallback_calls,
  quantileTDigestState(duration_ms) AS latency_ms_digest,
  quantileTDigestStateIf(assumeNotNull(ttft_ms), ttft_ms IS NOT NULL) AS ttft_ms_digest,
  max(retention_days) AS retention_days_max
FROM ${from}${options.final ? ' FINAL' : ''}${options.where ? `\nWHERE ${options.where}` : ''}
GROUP BY project_id, minute, ${rollupDimensions.join(', ')}`
}

/**
 * One rollup from another: a coarser level (calls_1m → calls_1h, calls_1h →
 * calls_1d), or the same level without dimensions (calls_1h → calls_1h_all).
 */
export function coarserRollupSelect(
  level: { from: RollupTime; to: RollupTime; dimensions?: boolean },
  from: string,
  options: { where?: string } = {},
): string {
  const bucket =
    level.to === level.from
      ? level.from
      : `${level.to === 'hour' ? 'toStartOfHour' : 'toStartOfDay'}(${level.from})`
  const keys = ['project_id', level.to, ...(level.dimensions === false ? [] : rollupDimensions)].join(', ')
  return `SELECT
  project_id, ${bucket} AS ${level.to},
  ${level.dimensions === false ? '' : `${rollupDimensions.join(', ')},\n  `}${rollupCounters.map((column) => `sum(${column}) AS ${column}`).join(',\n  ')},
  quantileTDigestMergeState(latency_ms_digest) AS latency_ms_digest,
  quantileTDigestMergeState(ttft_ms_digest) AS ttft_ms_digest,
  max(retention_days_max) AS retention_days_max
FROM ${from}${options.where ? `\nWHERE ${options.where}` : ''}
GROUP BY ${keys}`
}
