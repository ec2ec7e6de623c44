/**
 * bench/query: the metrics API over a realistic volume. Loads ROWS synthetic
 * calls spread over the last 30 days into embedded storage (generated inside
 * the engine from `numbers()`, through the same materialized views as real
 * inserts, so the rollups are what ingest would have built), then times the
 * summary, a grouped time series and a breakdown over 24 h, 7 d and 30 d
 * windows through the collector's HTTP API: p50 and p95 of REPS runs each.
 *
 *   npx pnpm@10.34.8 bench:query        (ROWS=100000000 REPS=20 to change the run)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCollector } from '../packages/collector/src/collector.js'

const ROWS = Number(process.env.ROWS ?? 10_000_000)
/**
 * `correlated` (default): dimensions depend on each other as in a real app — a use case belongs to
 * one service, uses one main model (a fallback model for 10% of calls) and one prompt version at a
 * time (v2 replaces v1 halfway), 95% production: ~50 dimension sets. `independent`: every
 * dimension drawn on its own, 432 sets — the worst case for the rollups.
 */
const DIMENSIONS = process.env.DIMENSIONS === 'independent' ? 'independent' : 'correlated'
const REPS = Number(process.env.REPS ?? 20)
const CHUNK = 1_000_000
const KEY = 'bench-query-key-0123456789'
const DAY = 86_400_000

// DATA_DIR=path keeps the loaded store for another run (loaded once, reused while it holds ROWS calls).
const dataDir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'vigil-bench-query-'))
const collector = await startCollector({ port: 0, dataDir, apiKey: KEY, logLevel: 'warn' })
const { store } = collector
const now = Date.now()
const start = now - 30 * DAY

/** One chunk of calls, evenly spread over the 30 days, with the mix of a real app. */
function generate(offset: number, rows: number): string {
  const spacingNs = Math.floor((30 * DAY * 1e6) / ROWS)
  const h = (k: number) => `cityHash64(number, ${k})`
  return `INSERT INTO ${store.table('calls')}
  (project_id, start_time, end_time, trace_id, span_id, span_name, service_name, environment, use_case,
   operation, provider, request_model, response_model, model, status, error_type, duration_ms, ttft_ms,
   input_tokens, output_tokens, cache_read_tokens, cost_usd, cost_basis, user_id, session_id, prompt_version,
   tags, source, fallback_attempt, fallback_served, cache_hit, attributes, retention_days)
SELECT
  'default',
  fromUnixTimestamp64Nano(toInt64(${start}) * 1000000 + toInt64(number) * ${spacingNs}, 'UTC') AS t,
  t + toIntervalMillisecond(toUInt32(duration)),
  lower(hex(${h(1)})) || lower(hex(${h(2)})),
  lower(hex(${h(3)})),
  'chat ' || m,
  ${DIMENSIONS === 'independent' ? `['support-app', 'search-api'][1 + ${h(4)} % 2]` : "if(uc IN ('kb-search', 'extract'), 'search-api', 'support-app')"},
  ${DIMENSIONS === 'independent' ? `['production', 'production', 'production', 'staging'][1 + ${h(5)} % 4]` : `if(${h(5)} % 20 = 0, 'staging', 'production')`},
  uc,
  'chat',
  if(startsWith(m, 'claude'), 'anthropic', 'openai'),
  m, m, m,
  if(${h(7)} % 50 = 0, 'error', 'ok'),
  multiIf(${h(7)} % 50 != 0, '', ${h(8)} % 3 = 0, 'timeout', '429'),
  200 + (${h(9)} % 1000) * exp((${h(10)} % 100) / 60.0) AS duration,
  if(${h(11)} % 3 = 0, 80 + ${h(12)} % 400, NULL),
  300 + ${h(13)} % 2000 AS input,
  20 + ${h(14)} % 400 AS output,
  if(${h(15)} % 4 = 0, 256, 0),
  (input * 0.15 + output * 0.6) / 1e6,
  'catalog:bench',
  'user-' || toString(${h(16)} % 5000),
  'session-' || toString(${h(17)} % 50000),
  ${DIMENSIONS === 'independent' ? `['v1', 'v2', 'v3'][1 + ${h(18)} % 3]` : `if(number < ${Math.floor(ROWS / 2)}, 'v1', 'v2')`},
  ['bench'],
  'vigil',
  if(${h(19)} % 40 = 0, 1 + ${h(20)} % 2, 0),
  if(${h(19)} % 40 = 0, ${h(20)} % 2, 0),
  if(${h(21)} % 30 = 0, 1, 0),
  map('gen_ai.operation.name', 'chat', 'server.address', 'api.example.com'),
  90
FROM numbers(${offset}, ${rows})
ARRAY JOIN [['ticket-triage', 'reply-draft', 'kb-search', 'summarize', 'classify', 'extract'][1 + ${h(6)} % 6]] AS uc
ARRAY JOIN [${
    DIMENSIONS === 'independent'
      ? `['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gpt-4.1-nano', 'claude-haiku-4-5', 'o4-mini'][1 + ${h(22)} % 6]`
      : `if(${h(22)} % 10 = 0, 'claude-haiku-4-5', ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gpt-4.1-nano', 'gpt-4o-mini', 'o4-mini'][1 + indexOf(['ticket-triage', 'reply-draft', 'kb-search', 'summarize', 'classify', 'extract'], uc)])`
  }] AS m`
}

const stored = await (
  await store.client.query({
    query: `SELECT count() AS n FROM ${store.table('calls')}`,
    format: 'JSONEachRow',
  })
).json<{ n: string }>()
const reuse = Number(stored[0]?.n) === ROWS
const loadStarted = performance.now()
if (!reuse) {
  console.log(`Loading ${ROWS.toLocaleString('en')} calls over 30 days into ${dataDir} …`)
  for (let offset = 0; offset < ROWS; offset += CHUNK) {
    await store.client.command({ query: generate(offset, Math.min(CHUNK, ROWS - offset)) })
  }
}
const loadSeconds = (performance.now() - loadStarted) / 1000
// Merged parts are what a store that ran for 30 days would hold.
for (const table of ['calls', 'calls_1m', 'calls_1h', 'calls_1d']) {
  if (!reuse) await store.client.command({ query: `OPTIMIZE TABLE ${store.table(table)} FINAL` })
}
const sizes = await (
  await store.client.query({
    query: `SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts WHERE database = {db:String} AND active GROUP BY table ORDER BY table`,
    query_params: { db: store.database },
    format: 'JSONEachRow',
  })
).json<{ table: string; rows: string; bytes: string }>()

async function time(path: string): Promise<{ p50: number; p95: number }> {
  const samples: number[] = []
  for (let i = 0; i < REPS + 2; i++) {
    const started = performance.now()
    const response = await fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } })
    const body = await response.text()
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body}`)
    if (i >= 2) samples.push(performance.now() - started) // two warm-up runs
  }
  samples.sort((a, b) => a - b)
  const at = (p: number) =>
    samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)] ?? 0
  return { p50: at(50), p95: at(95) }
}

const windows = { '24 h': DAY, '7 d': 7 * DAY, '30 d': 30 * DAY }
const queries = {
  summary: '/api/v1/metrics/summary?',
  'time series by model':
    '/api/v1/metrics/timeseries?metric=calls,costUsd,errorRate,latencyP95Ms&groupBy=model&',
  'breakdown by use case': '/api/v1/metrics/breakdown?by=useCase&sort=costUsd&',
  'summary for one user (raw rows)': '/api/v1/metrics/summary?userId=user-42&',
}
const rows: string[] = []
for (const [name, path] of Object.entries(queries)) {
  const cells: string[] = []
  for (const span of Object.values(windows)) {
    const to = new Date()
    const from = new Date(to.getTime() - span)
    const { p50, p95 } = await time(`${path}from=${from.toISOString()}&to=${to.toISOString()}`)
    cells.push(`${p50.toFixed(0)} / ${p95.toFixed(0)}`)
  }
  rows.push(`| ${name} | ${cells.join(' | ')} |`)
}

console.log(
  `\nQuery API over ${ROWS.toLocaleString('en')} calls (30 days, ${DIMENSIONS} dimensions), embedded storage, ${REPS} runs each\n`,
)
if (!reuse) {
  console.log(
    `loaded in ${loadSeconds.toFixed(0)} s (${Math.round(ROWS / loadSeconds).toLocaleString('en')} rows/s, rollups filled by the views)`,
  )
}
for (const size of sizes) {
  console.log(
    `  ${size.table}: ${Number(size.rows).toLocaleString('en')} rows, ${(Number(size.bytes) / 2 ** 20).toFixed(0)} MiB`,
  )
}
console.log('\n| query, ms p50 / p95 | 24 h | 7 d | 30 d |')
console.log('|---|---:|---:|---:|')
for (const row of rows) console.log(row)
await collector.close()
if (!process.env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true })
