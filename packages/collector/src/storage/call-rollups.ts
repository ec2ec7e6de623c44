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

/**
 * Which dimensions a rollup keeps: all of them (`calls_1m`…), none (`_all`:
 * one row per project and bucket), or `each` (`_dim`: one row per dimension
 * and value, so a query grouping or filtering by one dimension merges one
 * digest per value and bucket instead of one per dimension set).
 */
export type RollupShape = boolean | 'each'

export interface Rollup {
  table: string
  /** Its time column. */
  time: RollupTime
  seconds: number
  /** The dimension columns it keeps; a query filtering or grouping by another cannot use it. */
  dimensions: readonly string[]
  /** `each`: rows per (dimension, value): usable by a query that needs exactly one dimension. */
  shape?: 'each'
}

/** Whether `rollup` can answer a query that filters or groups by `needed` (dimension columns). */
export function rollupServes(rollup: Rollup, needed: readonly string[]): boolean {
  if (rollup.shape === 'each') return new Set(needed).size === 1
  return needed.every((column) => rollup.dimensions.includes(column))
}

/**
 * Coarsest first, and at each granularity the narrowest first: a query uses,
 * per granularity, the first rollup that serves every dimension it filters or
 * groups by. The `_all` tables keep none (one row per project and bucket): a
 * query over all calls merges one digest per bucket instead of one per
 * dimension set.
 */
export const rollups: readonly Rollup[] = (['day', 'hour', 'minute'] as const).flatMap((time) => {
  const seconds = { day: 86_400, hour: 3600, minute: 60 }[time]
  const base = { day: 'calls_1d', hour: 'calls_1h', minute: 'calls_1m' }[time]
  return [
    { table: `${base}_all`, time, seconds, dimensions: [] },
    { table: `${base}_dim`, time, seconds, dimensions: rollupDimensions, shape: 'each' as const },
    { table: base, time, seconds, dimensions: rollupDimensions },
  ]
})

/** The columns the two SELECTs below produce, in order: an INSERT must name them (tables gain columns). */
export function rollupColumns(time: RollupTime, dimensions: RollupShape = true): string {
  return [
    'project_id',
    time,
    ...dimensionColumns(dimensions),
    ...rollupCounters,
    'latency_ms_digest',
    'ttft_ms_digest',
    'retention_days_max',
  ].join(', ')
}

const sumOf = (type: string) => `SimpleAggregateFunction(sum, ${type})`
const floatCounters = new Set<string>(['cost_usd_sum', 'duration_ms_sum'])

/** The key columns after project and time of a rollup of this shape. */
function dimensionColumns(shape: RollupShape): readonly string[] {
  return shape === 'each' ? ['dimension', 'value'] : shape ? rollupDimensions : []
}

/**
 * A per-dimension row for each of a row's dimensions: `ARRAY JOIN` over
 * (name, value) pairs turns one call or rollup row into six.
 */
const eachDimension = `ARRAY JOIN [${rollupDimensions
  .map((dimension) => `('${dimension}', toString(${dimension}))`)
  .join(', ')}] AS dim`

/** Column definitions of a rollup table at `time`, with all, none or each of the dimensions. */
export function rollupTableColumns(time: RollupTime, dimensions: RollupShape = true): string[] {
  return [
    'project_id LowCardinality(String)',
    `${time} DateTime('UTC') CODEC(Delta, ZSTD(1))`,
    ...dimensionColumns(dimensions).map((dimension) => `${dimension} LowCardinality(String)`),
    ...rollupCounters.map((column) => `${column} ${sumOf(floatCounters.has(column) ? 'Float64' : 'UInt64')}`),
    'latency_ms_digest AggregateFunction(quantileTDigest, Float64)',
    'ttft_ms_digest AggregateFunction(quantileTDigest, Float64)',
    'retention_days_max SimpleAggregateFunction(max, UInt16)',
  ]
}

/** calls → calls_1m. Also what rebuilds minutes after a recompute (with `final`). */
export function callsPerMinuteSelect(
  from: string,
  options: { final?: boolean; where?: string; each?: boolean } = {},
): string {
  const keys = options.each ? 'dim.1 AS dimension, dim.2 AS value' : rollupDimensions.join(', ')
  const groupKeys = options.each ? 'dimension, value' : rollupDimensions.join(', ')
  return `SELECT
  project_id, toStartOfMinute(start_time) AS minute,
  ${keys},
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
FROM ${from}${options.final ? ' FINAL' : ''}${options.each ? `\n${eachDimension}` : ''}${options.where ? `\nWHERE ${options.where}` : ''}
GROUP BY project_id, minute, ${groupKeys}`
}

/**
 * One rollup from another: a coarser level (calls_1m → calls_1h, calls_1h →
 * calls_1d), or the same level without dimensions (calls_1h → calls_1h_all).
 */
export function coarserRollupSelect(
  level: { from: RollupTime; to: RollupTime; dimensions?: RollupShape },
  from: string,
  options: { where?: string } = {},
): string {
  const bucket =
    level.to === level.from
      ? level.from
      : `${level.to === 'hour' ? 'toStartOfHour' : 'toStartOfDay'}(${level.from})`
  const dimensions = dimensionColumns(level.dimensions ?? true)
  const keys = ['project_id', level.to, ...dimensions].join(', ')
  return `SELECT
  project_id, ${bucket} AS ${level.to},
  ${dimensions.length === 0 ? '' : `${dimensions.join(', ')},\n  `}${rollupCounters.map((column) => `sum(${column}) AS ${column}`).join(',\n  ')},
  quantileTDigestMergeState(latency_ms_digest) AS latency_ms_digest,
  quantileTDigestMergeState(ttft_ms_digest) AS ttft_ms_digest,
  max(retention_days_max) AS retention_days_max
FROM ${from}${options.where ? `\nWHERE ${options.where}` : ''}
GROUP BY ${keys}`
}
