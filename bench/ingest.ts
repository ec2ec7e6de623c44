/**
 * bench/ingest: N concurrent OTLP/protobuf senders (realistic GenAI spans, 20
 * attributes, batches of 512) against the collector with embedded storage, on
 * this machine. Reports spans/s, ack latency p50/p99, peak RSS of the collector
 * process, and how long acknowledged data takes to show in queries — next to
 * the ceiling measured in the same run: the same rows inserted directly into
 * the same engine (chDB), with no HTTP, decoding or mapping.
 *
 *   npx pnpm@10.34.8 bench:ingest      (SECONDS=60 SENDERS=4 BATCH=512 to change the run)
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LlmCall } from '../packages/collector/src/ingest/llm-call.js'
import { mapSpan } from '../packages/collector/src/ingest/map-span.js'
import { decodeTraceRequest } from '../packages/collector/src/otlp/decode-trace-request.js'
import { otlpProto } from '../packages/collector/src/otlp/otlp-proto.js'
import { PriceCatalog } from '../packages/collector/src/pricing/price-catalog.js'
import { openClickHouseStore } from '../packages/collector/src/storage/clickhouse-store.js'
import { migrate } from '../packages/collector/src/storage/migrator.js'

const SECONDS = Number(process.env.SECONDS ?? 60)
const SENDERS = Number(process.env.SENDERS ?? 4)
const BATCH = Number(process.env.BATCH ?? 512)
const KEY = 'bench-ingest-key-0123456789'
const ROWS_PER_INSERT = 10_000
const main = fileURLToPath(new URL('../packages/collector/dist/main.js', import.meta.url))

const models = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gpt-4.1-nano']
const useCases = ['ticket-triage', 'reply-draft', 'kb-search', 'summarize']

/** One realistic GenAI span with 20 attributes; ids are patched per send. */
function genAiSpan(i: number, nowNs: bigint) {
  const attr = (key: string, value: string | number | boolean | string[]) => ({
    key,
    value: Array.isArray(value)
      ? { arrayValue: { values: value.map((v) => ({ stringValue: v })) } }
      : typeof value === 'string'
        ? { stringValue: value }
        : typeof value === 'boolean'
          ? { boolValue: value }
          : Number.isInteger(value)
            ? { intValue: value }
            : { doubleValue: value },
  })
  const model = models[i % models.length] as string
  const duration = BigInt(200_000_000 + (i % 50) * 20_000_000)
  // Spans of a batch end over its last second, each at a distinct nanosecond, so
  // that their times can be found in the encoded body and moved forward per send.
  const end = nowNs - BigInt(i) * 1_000_000n - BigInt(i)
  return {
    traceId: randomBytes(16),
    spanId: randomBytes(8),
    name: `chat ${model}`,
    kind: 3,
    startTimeUnixNano: (end - duration).toString(),
    endTimeUnixNano: end.toString(),
    status: i % 37 === 0 ? { code: 2, message: 'rate limited' } : {},
    attributes: [
      attr('gen_ai.operation.name', 'chat'),
      attr('gen_ai.provider.name', model.startsWith('claude') ? 'anthropic' : 'openai'),
      attr('gen_ai.request.model', model),
      attr('gen_ai.response.model', `${model}-2025-01-01`),
      attr('gen_ai.usage.input_tokens', 400 + (i % 300)),
      attr('gen_ai.usage.output_tokens', 50 + (i % 120)),
      attr('gen_ai.usage.cache_read.input_tokens', i % 3 === 0 ? 128 : 0),
      attr('gen_ai.request.temperature', 0.2),
      attr('gen_ai.request.max_tokens', 512),
      attr('gen_ai.response.id', `chatcmpl-${i}`),
      attr('gen_ai.response.finish_reasons', ['stop']),
      attr('gen_ai.response.time_to_first_chunk', 0.18),
      attr('server.address', 'api.openai.com'),
      attr('server.port', 443),
      attr('vigil.use_case', useCases[i % useCases.length] as string),
      attr('vigil.user_id', `user-${i % 500}`),
      attr('vigil.session_id', `session-${i % 2000}`),
      attr('vigil.prompt_version', i % 2 ? 'v1' : 'v2'),
      attr('vigil.tags', ['bench']),
      ...(i % 37 === 0 ? [attr('error.type', '429')] : [attr('gen_ai.request.stream', false)]),
    ],
  }
}

/** A protobuf body and where its span ids sit, so each send can patch fresh ids in place. */
interface Template {
  body: Buffer
  idOffsets: number[]
  /** Where each span's start and end time sit in the body (fixed64), and their values at `nowNs`. */
  times: { offset: number; value: bigint }[]
  nowNs: bigint
}

function template(): Template {
  const now = BigInt(Date.now()) * 1_000_000n
  const spans = Array.from({ length: BATCH }, (_, i) => genAiSpan(i, now))
  const message = otlpProto.traceRequest.fromObject({
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'bench-app' } },
            { key: 'deployment.environment.name', value: { stringValue: 'bench' } },
          ],
        },
        scopeSpans: [{ scope: { name: '@vigil/sdk', version: '0.1.0' }, spans }],
      },
    ],
  })
  const body = Buffer.from(otlpProto.traceRequest.encode(message).finish())
  const idOffsets = spans.map((span) => body.indexOf(span.spanId))
  if (idOffsets.some((o) => o < 0)) throw new Error('span id not found in the encoded body')
  const times = spans.flatMap((span) =>
    [span.startTimeUnixNano, span.endTimeUnixNano].map((text) => {
      const value = BigInt(text)
      const bytes = Buffer.alloc(8)
      bytes.writeBigUInt64LE(value)
      const offset = body.indexOf(bytes)
      if (offset < 0) throw new Error('span time not found in the encoded body')
      return { offset, value }
    }),
  )
  return { body, idOffsets, times, nowNs: now }
}

/** A copy of the template with fresh span ids and times moved to the present, as a live app would send. */
function nextBody(tpl: Template, nextId: () => bigint): Buffer {
  const body = Buffer.from(tpl.body)
  for (const offset of tpl.idOffsets) body.writeBigUInt64BE(nextId(), offset)
  const shift = BigInt(Date.now()) * 1_000_000n - tpl.nowNs
  for (const { offset, value } of tpl.times) body.writeBigUInt64LE(value + shift, offset)
  return body
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return kb / 1024
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ = 100)
}

async function startCollector(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // COLLECTOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the collector under load.
  const nodeArgs = process.env.COLLECTOR_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      VIGIL_PORT: '0',
      VIGIL_DATA_DIR: dataDir,
      VIGIL_API_KEY: KEY,
      VIGIL_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      out += chunk
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match?.[1] && out.includes('Dashboard:')) resolve(match[1])
    })
    child.on('exit', (code) => reject(new Error(`collector exited ${code}: ${out}`)))
  })
  // COLLECTOR_STDOUT=file keeps what the collector prints (e.g. with --trace-gc).
  if (process.env.COLLECTOR_STDOUT) child.stdout?.pipe(createWriteStream(process.env.COLLECTOR_STDOUT))
  return { child, url }
}

function post(url: URL, agent: Agent, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-protobuf',
          'content-length': body.length,
          authorization: `Bearer ${KEY}`,
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function visibleAfterAck(base: string, agent: Agent, tpl: Template): Promise<number> {
  // A marker batch whose spans all carry one new use case; poll until the summary sees it.
  const before = await count(base)
  const body = nextBody(tpl, () => randomBytes(8).readBigUInt64BE())
  const status = await post(new URL('/v1/traces', base), agent, body)
  if (status !== 200) throw new Error(`marker batch got ${status}`)
  const acked = performance.now()
  while ((await count(base)) < before + BATCH) await new Promise((r) => setTimeout(r, 20))
  return performance.now() - acked
}

async function count(base: string): Promise<number> {
  const from = new Date(Date.now() - 3600_000).toISOString()
  const response = await fetch(`${base}/api/v1/metrics/summary?from=${from}`, {
    headers: { authorization: `Bearer ${KEY}` },
  })
  return ((await response.json()) as { calls: number }).calls
}

async function ingest(): Promise<{
  spansPerSec: number
  p50: number
  p99: number
  peakRss: number
  rssSamples: number[]
  visibleMs: number
  rejected: number
  cpu: { collector: number; senders: number }
  writer: { batchRows: number; insertMs: number; lagP99Ms: number }
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-ingest-'))
  const { child, url } = await startCollector(dataDir)
  const pid = child.pid as number
  const tpl = template()
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS })
  const target = new URL('/v1/traces', url)
  const latencies: number[] = []
  let acked = 0
  let rejected = 0
  const rssSamples: number[] = []
  const sampler = setInterval(() => rssSamples.push(rssMb(pid, 'VmRSS')), 1000)
  const deadline = performance.now() + SECONDS * 1000
  let counter = 0n
  const sender = async () => {
    while (performance.now() < deadline) {
      const body = nextBody(tpl, () => ++counter)
      const started = performance.now()
      const status = await post(target, agent, body)
      if (status === 200) {
        latencies.push(performance.now() - started)
        acked += BATCH
      } else {
        rejected++
        await new Promise((r) => setTimeout(r, 100)) // a client backs off on 429/503
      }
    }
  }
  const started = performance.now()
  const cpuBefore = { collector: cpuSeconds(pid), senders: cpuSeconds('self') }
  await Promise.all(Array.from({ length: SENDERS }, sender))
  const elapsed = (performance.now() - started) / 1000
  const cpu = {
    collector: (cpuSeconds(pid) - cpuBefore.collector) / elapsed,
    senders: (cpuSeconds('self') - cpuBefore.senders) / elapsed,
  }
  clearInterval(sampler)
  const writer = await writerMetrics(url)
  const visibleMs = await visibleAfterAck(url, agent, tpl)
  const peakRss = rssMb(pid, 'VmHWM')
  child.kill('SIGINT')
  await new Promise((r) => child.once('exit', r))
  rmSync(dataDir, { recursive: true, force: true })
  latencies.sort((a, b) => a - b)
  return {
    spansPerSec: acked / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    peakRss,
    rssSamples,
    visibleMs,
    rejected,
    cpu,
    writer,
  }
}

/** Mean batch size and insert time of the calls table, from the collector's own /metrics. */
async function writerMetrics(
  base: string,
): Promise<{ batchRows: number; insertMs: number; lagP99Ms: number }> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).text()
  const value = (name: string) =>
    Number(new RegExp(`^${name}\\{[^}]*table="calls"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN)
  const batches = value('vigil_writer_batch_rows_count')
  const lag = Number(/^nodejs_eventloop_lag_seconds\{quantile="0.99"\} (\S+)$/m.exec(text)?.[1] ?? Number.NaN)
  return {
    lagP99Ms: lag * 1000,
    batchRows: value('vigil_writer_batch_rows_sum') / batches,
    insertMs:
      (1000 * value('vigil_writer_insert_duration_seconds_sum')) /
      value('vigil_writer_insert_duration_seconds_count'),
  }
}

/**
 * The ceiling: the same rows straight into the same engine (chDB in this
 * process) through the writer's own insert path (`store.insertRows`), in
 * inserts of the writer's size; rows are decoded and mapped once, outside the
 * timing, and get fresh span ids per insert. `json` measures JSONEachRow
 * through the client instead, the path the writer used before.
 */
async function directInsert(method: 'writer' | 'json', seconds: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-direct-'))
  const store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } } as never)
  await migrate(store)
  const prices = new PriceCatalog()
  const rows: LlmCall[] = []
  while (rows.length < ROWS_PER_INSERT) {
    for (const span of decodeTraceRequest(template().body, 'protobuf')) {
      const mapped = mapSpan(span, 'default', prices)
      if (mapped.kind === 'call') rows.push(mapped.call)
    }
  }
  rows.length = ROWS_PER_INSERT
  const table = store.table('calls')
  let inserted = 0
  let insertMs = 0
  let counter = 1n << 40n
  const deadline = performance.now() + seconds * 1000
  while (performance.now() < deadline) {
    for (const row of rows) row.span_id = (++counter).toString(16).padStart(16, '0')
    const started = performance.now()
    if (method === 'writer') await store.insertRows(table, rows)
    else await store.client.insert({ table, values: rows, format: 'JSONEachRow' })
    insertMs += performance.now() - started
    inserted += rows.length
  }
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
  return inserted / (insertMs / 1000)
}

const ceiling = await directInsert('writer', Math.min(SECONDS, 30))
const jsonCeiling = await directInsert('json', Math.min(SECONDS, 10))
const result = await ingest()
const flat = result.rssSamples.slice(Math.floor(result.rssSamples.length / 2))
console.log(
  `\nIngest: ${SENDERS} senders × batches of ${BATCH} GenAI spans (20 attributes), ${SECONDS} s, embedded storage\n`,
)
console.log('| measure | value |')
console.log('|---|---:|')
console.log(
  `| accepted spans/s (acknowledged, durable) | ${Math.round(result.spansPerSec).toLocaleString('en')} |`,
)
console.log(
  `| ceiling: same rows inserted directly into chDB, rows/s | ${Math.round(ceiling).toLocaleString('en')} |`,
)
console.log(
  `| same rows as JSONEachRow through the client (the old path), rows/s | ${Math.round(jsonCeiling).toLocaleString('en')} |`,
)
console.log(`| ratio collector / ceiling | ${(result.spansPerSec / ceiling).toFixed(2)} |`)
console.log(`| ack latency p50 / p99 (ms) | ${result.p50.toFixed(0)} / ${result.p99.toFixed(0)} |`)
console.log(
  `| CPU cores used: collector (JS + embedded engine) / senders | ${result.cpu.collector.toFixed(2)} / ${result.cpu.senders.toFixed(2)} |`,
)
console.log(
  `| writer: mean rows per insert / mean insert time incl. duplicate check (ms) | ${Math.round(result.writer.batchRows)} / ${result.writer.insertMs.toFixed(0)} |`,
)
console.log(`| collector event loop delay p99 (ms) | ${result.writer.lagP99Ms.toFixed(0)} |`)
console.log(`| requests refused (429/503, retried after 100 ms) | ${result.rejected} |`)
console.log(`| collector peak RSS (MB) | ${result.peakRss.toFixed(0)} |`)
console.log(
  `| RSS second half min / max (MB) | ${Math.min(...flat).toFixed(0)} / ${Math.max(...flat).toFixed(0)} |`,
)
console.log(`| visible in the summary after ack (ms) | ${result.visibleMs.toFixed(0)} |`)
