import type { ClickHouseStore } from '../../../packages/collector/src/storage/clickhouse-store.js'

const DAY_MS = 86_400_000
const CHUNK = 1_000_000

/**
 * Fills a store with `count` calls spread evenly over the `days` before
 * `endMs` (43,200 over 30 days is one a minute), generated inside the engine
 * like bench/query.ts does, through the same materialized views as real
 * inserts, so the rollups are what ingest would have built. Three use cases,
 * three models, 2 % errors; latency, tokens and cost vary by row.
 */
export async function loadSyntheticCalls(
  store: ClickHouseStore,
  options: { count: number; days: number; endMs: number },
): Promise<void> {
  const { count, days, endMs } = options
  const startMs = endMs - days * DAY_MS
  const spacingNs = Math.floor((days * DAY_MS * 1e6) / count)
  const h = (k: number) => `cityHash64(number, ${k})`
  for (let offset = 0; offset < count; offset += CHUNK) {
    await store.client.command({
      query: `INSERT INTO ${store.table('calls')}
  (project_id, start_time, end_time, trace_id, span_id, span_name, service_name, environment, use_case,
   operation, provider, request_model, response_model, model, status, error_type, duration_ms, ttft_ms,
   input_tokens, output_tokens, cache_read_tokens, cost_usd, cost_basis, user_id, session_id, prompt_version,
   tags, source, fallback_attempt, fallback_served, cache_hit, attributes, retention_days)
SELECT
  'default',
  fromUnixTimestamp64Nano(toInt64(${startMs}) * 1000000 + toInt64(number) * ${spacingNs}, 'UTC') AS t,
  t + toIntervalMillisecond(toUInt32(duration)),
  lower(hex(${h(1)})) || lower(hex(${h(2)})),
  lower(hex(${h(3)})),
  'chat ' || m,
  'support-app',
  'production',
  ['ticket-triage', 'reply-draft', 'kb-search'][1 + ${h(4)} % 3],
  'chat',
  'openai',
  m, m, m,
  if(${h(5)} % 50 = 0, 'error', 'ok'),
  if(${h(5)} % 50 = 0, '500', ''),
  200 + (${h(6)} % 1000) * exp((${h(7)} % 100) / 60.0) AS duration,
  if(${h(8)} % 3 = 0, 80 + ${h(9)} % 400, NULL),
  300 + ${h(10)} % 2000 AS input,
  20 + ${h(11)} % 400 AS output,
  0,
  (input * 0.15 + output * 0.6) / 1e6,
  'catalog:synthetic',
  'user-' || toString(${h(12)} % 500),
  'session-' || toString(${h(13)} % 5000),
  'v1',
  ['synthetic'],
  'vigil',
  0, 0, 0,
  map('gen_ai.operation.name', 'chat'),
  90
FROM numbers(${offset}, ${Math.min(CHUNK, count - offset)})
ARRAY JOIN [['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-nano'][1 + ${h(14)} % 3]] AS m`,
    })
  }
  // Merged parts, as a store that ran for 30 days would hold, not one part per insert.
  const tables = await (
    await store.client.query({
      query: `SELECT name FROM system.tables WHERE database = {db:String} AND name LIKE 'calls%' AND engine LIKE '%MergeTree'`,
      query_params: { db: store.database },
      format: 'JSONEachRow',
    })
  ).json<{ name: string }>()
  for (const { name } of tables)
    await store.client.command({ query: `OPTIMIZE TABLE ${store.table(name)} FINAL` })
}
