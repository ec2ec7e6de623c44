import type { Migration } from './migration.js'
import { durableInserts, type SchemaDdl } from './schema-ddl.js'

const dimensions = 'project_id, minute, use_case, model, provider, environment, prompt_version, service_name'

/**
 * Calls per minute and dimension set, as a materialized view fills it from
 * every insert into `calls`. The view fires per insert and cannot know whether
 * a row was stored before, so it counts whatever is inserted: keeping retried
 * spans out of it is the writer's job (it drops rows already stored before it
 * inserts). Counts and sums are SimpleAggregateFunction(sum); latency and time
 * to first token are t-digest states, read with `quantilesTDigestMerge(…)`.
 */
export function callsPerMinuteSelect(
  from: string,
  options: { final?: boolean; where?: string } = {},
): string {
  return `SELECT
  project_id, toStartOfMinute(start_time) AS minute,
  use_case, model, provider, environment, prompt_version, service_name,
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
  quantileTDigestState(duration_ms) AS latency_ms_digest,
  quantileTDigestStateIf(assumeNotNull(ttft_ms), ttft_ms IS NOT NULL) AS ttft_ms_digest,
  max(retention_days) AS retention_days_max
FROM ${from}${options.final ? ' FINAL' : ''}${options.where ? `\nWHERE ${options.where}` : ''}
GROUP BY ${dimensions}`
}

const v1Columns = `${dimensions}, calls, errors, timeouts, fallback_attempts, fallbacks_served, cache_hits, streams_abandoned, cost_unknown_calls, cost_usd_sum, input_tokens_sum, output_tokens_sum, cache_read_tokens_sum, cache_creation_tokens_sum, reasoning_tokens_sum, duration_ms_sum, latency_ms_digest, ttft_ms_digest, retention_days_max`

const sum = (type: string) => `SimpleAggregateFunction(sum, ${type})`

export const callsPerMinute: Migration = {
  version: 5,
  name: 'calls per minute rollup',
  statements: (schema) => [
    ...schema.createTable({
      name: 'calls_1m',
      columns: [
        'project_id LowCardinality(String)',
        "minute DateTime('UTC') CODEC(Delta, ZSTD(1))",
        'use_case LowCardinality(String)',
        'model LowCardinality(String)',
        'provider LowCardinality(String)',
        'environment LowCardinality(String)',
        'prompt_version LowCardinality(String)',
        'service_name LowCardinality(String)',
        ...[
          'calls',
          'errors',
          'timeouts',
          'fallback_attempts',
          'fallbacks_served',
          'cache_hits',
          'streams_abandoned',
          'cost_unknown_calls',
        ].map((name) => `${name} ${sum('UInt64')}`),
        `cost_usd_sum ${sum('Float64')}`,
        ...['input', 'output', 'cache_read', 'cache_creation', 'reasoning'].map(
          (kind) => `${kind}_tokens_sum ${sum('UInt64')}`,
        ),
        `duration_ms_sum ${sum('Float64')}`,
        'latency_ms_digest AggregateFunction(quantileTDigest, Float64)',
        'ttft_ms_digest AggregateFunction(quantileTDigest, Float64)',
        'retention_days_max SimpleAggregateFunction(max, UInt16)',
      ],
      engine: 'AggregatingMergeTree',
      partitionBy: 'toYYYYMM(minute)',
      orderBy: `(${dimensions})`,
      ttl: 'minute + toIntervalDay(retention_days_max)',
      settings: durableInserts,
      shardingKey: 'cityHash64(project_id)',
    }),
    ...backfill(schema),
    schema.createMaterializedView({
      name: 'calls_1m_mv',
      from: 'calls',
      to: 'calls_1m',
      select: (from) => callsPerMinuteSelect(from),
    }),
  ],
}

/**
 * A data dir from before the rollup has calls the view never saw. They are
 * rolled up once, before the view exists (the collector migrates before it
 * listens, so nothing is inserted meanwhile). "Only while the rollup is empty"
 * makes a rerun after a crash between this and the view a no-op. A cluster is
 * always created with the view, so it has nothing to backfill.
 */
function backfill(schema: SchemaDdl): string[] {
  if (schema.cluster) return []
  const where = `(SELECT count() FROM ${schema.table('calls_1m')}) = 0`
  return [
    // Named columns: later migrations add columns to calls_1m, and this statement may run again after them.
    `INSERT INTO ${schema.table('calls_1m')} (${v1Columns})\n${callsPerMinuteSelect(schema.table('calls'), { final: true, where })}`,
  ]
}
