import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LlmCall } from '../ingest/llm-call.js'
import type { LogRow } from '../ingest/log-row.js'
import type { SpanRow } from '../ingest/span-row.js'
import type { TelemetryBatch } from '../ingest/telemetry-batch.js'
import { type ClickHouseStore, openClickHouseStore } from './clickhouse-store.js'
import { ClickHouseTelemetryWriter } from './clickhouse-telemetry-writer.js'
import { migrate } from './migrator.js'
import { ProjectSettings } from './project-settings.js'

let dataDir: string
let store: ClickHouseStore
let settings: ProjectSettings

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-writer-'))
  store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } })
  await migrate(store)
  settings = new ProjectSettings(store, { defaultRetentionDays: 30 })
  await settings.start()
})

afterAll(async () => {
  settings?.stop()
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const hex = (bytes: number) => randomBytes(bytes).toString('hex')
const nanos = (ms: number) => (BigInt(ms) * 1_000_000n).toString()

function makeCall(overrides: Partial<LlmCall> = {}): LlmCall {
  const start = Date.now() - 5_000
  return {
    ...{ project_id: 'default', start_time: nanos(start), end_time: nanos(start + 120) },
    ...{ trace_id: hex(16), span_id: hex(8), parent_span_id: '', span_name: 'chat gpt-4o' },
    ...{
      service_name: 'app',
      environment: 'test',
      use_case: 'writer',
      operation: 'chat',
      provider: 'openai',
    },
    ...{ request_model: 'gpt-4o', response_model: 'gpt-4o', model: 'gpt-4o', status: 'ok', error_type: '' },
    ...{ duration_ms: 120, ttft_ms: 40, input_tokens: 100, output_tokens: 10, cache_read_tokens: null },
    ...{ cache_creation_tokens: null, reasoning_tokens: null, cost_usd: 0.001, cost_basis: 'catalog:test' },
    ...{ user_id: '', session_id: '', subject_id: '', prompt_version: '', tags: [], source: 'vigil' },
    ...{
      response_id: '',
      finish_reasons: ['stop'],
      server_address: '',
      fallback_attempt: 0,
      fallback_step: '',
    },
    ...{ fallback_reason: '', fallback_served: 0, cache_hit: 0, stream_abandoned: 0, input_content: '' },
    ...{ output_content: '', attributes: {}, resource_attributes: {} },
    ...overrides,
  }
}

function makeSpan(overrides: Partial<SpanRow> = {}): SpanRow {
  const start = Date.now() - 5_000
  return {
    ...{ project_id: 'default', start_time: nanos(start), end_time: nanos(start + 300), trace_id: hex(16) },
    ...{ span_id: hex(8), parent_span_id: '', name: 'handle ticket', kind: 1, service_name: 'app' },
    ...{ duration_ms: 300, status_code: 0, status_message: '', scope_name: 'test', events: '[]' },
    ...{ attributes: {}, resource_attributes: {} },
    ...overrides,
  }
}

function makeLog(overrides: Partial<LogRow> = {}): LogRow {
  return {
    ...{ project_id: 'default', time: nanos(Date.now() - 5_000), observed_time: nanos(Date.now()) },
    ...{ trace_id: '', span_id: '', severity_number: 9, severity_text: 'INFO', event_name: 'vigil.feedback' },
    ...{ service_name: 'app', body: '{"score":1}', attributes: { 'vigil.subject.id': 't-1' } },
    ...{ resource_attributes: {} },
    ...overrides,
  }
}

/** A client's re-send: the same rows, as new objects (they come from a new request body). */
const again = (batch: TelemetryBatch): TelemetryBatch => structuredClone(batch)

function newWriter(options: { maxQueueBytes?: number; lingerMs?: number } = {}) {
  return new ClickHouseTelemetryWriter({
    store,
    settings,
    maxBatchRows: 10_000,
    lingerMs: options.lingerMs ?? 5,
    maxQueueBytes: options.maxQueueBytes ?? 1_000_000,
    dedupCacheIds: 1_000,
  })
}

async function count(query: string): Promise<number> {
  const result = await store.client.query({ query, format: 'JSONEachRow' })
  const [row] = await result.json<{ n: string | number }>()
  return Number(row?.n ?? 0)
}

const rawCalls = (useCase: string) =>
  count(`SELECT count() AS n FROM vigil.calls WHERE use_case = '${useCase}'`)
const rolledUp = (useCase: string) =>
  count(`SELECT sum(calls) AS n FROM vigil.calls_1m WHERE use_case = '${useCase}'`)

describe('ClickHouseTelemetryWriter', () => {
  it('stores a re-sent batch once, in raw rows and in the per-minute rollup', async () => {
    const writer = newWriter()
    const batch = {
      calls: [makeCall({ use_case: 'resend' }), makeCall({ use_case: 'resend' })],
      spans: [],
      logs: [],
    }
    await writer.write(again(batch), 100)
    await writer.write(again(batch), 100)
    expect(await rawCalls('resend')).toBe(2)
    expect(await rolledUp('resend')).toBe(2)
    expect(writer.stats.tables.calls).toMatchObject({ duplicatesRecent: 2, rowsWritten: 2 })
    expect(writer.stats.requestsStored).toBe(2)
  })

  it('recognises rows another process stored, by asking storage', async () => {
    const batch = { calls: [makeCall({ use_case: 'restart' })], spans: [makeSpan()], logs: [makeLog()] }
    await newWriter().write(again(batch), 100)
    const restarted = newWriter() // empty memory, as after a restart or on another collector
    await restarted.write(again(batch), 100)
    expect(await rawCalls('restart')).toBe(1)
    expect(await rolledUp('restart')).toBe(1)
    expect(restarted.stats.tables).toMatchObject({
      calls: { duplicatesStored: 1, rowsWritten: 0 },
      spans: { duplicatesStored: 1, rowsWritten: 0 },
      logs: { duplicatesStored: 1, rowsWritten: 0 },
    })
  })

  it('drops a copy that arrives while its original still waits in the same batch', async () => {
    const writer = newWriter({ lingerMs: 50 })
    const batch = { calls: [makeCall({ use_case: 'same-batch' })], spans: [], logs: [] }
    await Promise.all([writer.write(again(batch), 10), writer.write(again(batch), 10)])
    expect(await rawCalls('same-batch')).toBe(1)
    expect(writer.stats.tables.calls).toMatchObject({ duplicatesInBatch: 1, batchesWritten: 1 })
  })

  it('acknowledges only when every table holds its rows, and the retry completes the rest once', async () => {
    const writer = newWriter()
    const batch = {
      calls: [makeCall({ use_case: 'partial' })],
      spans: [makeSpan({ name: 'partial' })],
      logs: [],
    }
    await store.client.command({ query: 'DETACH TABLE vigil.spans' })
    try {
      const error = await writer.write(again(batch), 100).catch((e: unknown) => e)
      expect(error).toMatchObject({
        statusCode: 503,
        code: 'VIGIL_ERR_STORAGE_UNAVAILABLE',
        retryAfterSeconds: 1,
      })
    } finally {
      await store.client.command({ query: 'ATTACH TABLE vigil.spans' })
    }
    expect(await rawCalls('partial')).toBe(1) // the calls table had succeeded
    await writer.write(again(batch), 100)
    expect(await rawCalls('partial')).toBe(1)
    expect(await rolledUp('partial')).toBe(1)
    expect(await count("SELECT count() AS n FROM vigil.spans WHERE name = 'partial'")).toBe(1)
    expect(writer.stats).toMatchObject({ requestsFailed: 1, requestsStored: 1 })
  })

  it('recognises a re-sent log record by its content, whatever its observed time', async () => {
    const writer = newWriter()
    const log = makeLog({ body: 'thumbs up', event_name: 'content-hash' })
    await writer.write({ calls: [], spans: [], logs: [log] }, 10)
    await newWriter().write(
      { calls: [], spans: [], logs: [{ ...log, observed_time: nanos(Date.now()) }] },
      10,
    )
    await writer.write({ calls: [], spans: [], logs: [{ ...log, body: 'thumbs down' }] }, 10)
    expect(await count("SELECT count() AS n FROM vigil.logs WHERE event_name = 'content-hash'")).toBe(2)
  })

  it("stamps every row with its project's retention, which the TTL reads", async () => {
    await settings.setRetentionDays('short-lived', 7)
    const writer = newWriter()
    await writer.write(
      {
        calls: [
          makeCall({ use_case: 'retention' }),
          makeCall({ use_case: 'retention', project_id: 'short-lived' }),
        ],
        spans: [makeSpan({ project_id: 'short-lived', name: 'retention' })],
        logs: [makeLog({ project_id: 'short-lived', event_name: 'retention' })],
      },
      100,
    )
    const days = async (table: string, where: string) => {
      const result = await store.client.query({
        query: `SELECT project_id, retention_days FROM vigil.${table} WHERE ${where} ORDER BY project_id`,
        format: 'JSONEachRow',
      })
      return result.json()
    }
    expect(await days('calls', "use_case = 'retention'")).toEqual([
      { project_id: 'default', retention_days: 30 },
      { project_id: 'short-lived', retention_days: 7 },
    ])
    expect(await days('spans', "name = 'retention'")).toEqual([
      { project_id: 'short-lived', retention_days: 7 },
    ])
    expect(await days('logs', "event_name = 'retention'")).toEqual([
      { project_id: 'short-lived', retention_days: 7 },
    ])
    await settings.setRetentionDays('short-lived', null)
    expect(settings.retentionDays('short-lived')).toBe(30)
  })

  it('refuses a request with 503 + Retry-After when the queue holds too many bytes, and counts it', async () => {
    const writer = newWriter({ maxQueueBytes: 100, lingerMs: 100 })
    const first = writer.write({ calls: [makeCall({ use_case: 'queue' })], spans: [], logs: [] }, 80)
    const refused = await writer
      .write({ calls: [makeCall({ use_case: 'queue' })], spans: [], logs: [] }, 30)
      .catch((e: unknown) => e)
    expect(refused).toMatchObject({ statusCode: 503, code: 'VIGIL_ERR_OVERLOADED', retryAfterSeconds: 1 })
    await first
    expect(writer.stats).toMatchObject({ requestsOverloaded: 1, requestsStored: 1, queuedBytes: 0 })
  })
})
