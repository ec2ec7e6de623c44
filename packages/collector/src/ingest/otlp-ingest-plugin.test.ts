import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app.js'
import { ApiKeyStore } from '../auth/api-key-store.js'
import { loadConfig } from '../config.js'
import { VigilError } from '../errors.js'
import { PriceCatalog } from '../pricing/price-catalog.js'
import { type ClickHouseStore, openClickHouseStore } from '../storage/clickhouse-store.js'
import { migrate } from '../storage/migrator.js'
import { ProjectSettings } from '../storage/project-settings.js'
import { makeJsonSpan, makeJsonTraceRequest } from '../testing/otlp-json.js'
import { decodeRpcStatus } from './rpc-status.js'
import type { TelemetryBatch, TelemetryWriter } from './telemetry-batch.js'

/**
 * A TelemetryWriter kept in memory whose writes can be held open or failed,
 * so back-pressure is reproducible without loading ClickHouse.
 */
class GatedWriter implements TelemetryWriter {
  readonly batches: TelemetryBatch[] = []
  failure: VigilError | undefined
  #gate: Promise<void> = Promise.resolve()
  #open: () => void = () => {}

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve))
  }

  release(): void {
    this.#open()
  }

  async write(batch: TelemetryBatch): Promise<void> {
    if (this.failure) throw this.failure
    await this.#gate
    this.batches.push(batch)
  }

  get stats() {
    const rowsWritten = this.batches.reduce((n, b) => n + b.calls.length, 0)
    return {
      queuedBytes: 0,
      requestsStored: this.batches.length,
      tables: { calls: { rowsWritten, duplicatesStored: 0 } },
    }
  }
}

const ADMIN = 'admin-key-0123456789abcdef'
const INGEST_ONLY = 'ingest-only-key-0123456789'
const READ_ONLY = 'read-only-key-0123456789ab'
let dataDir: string
let store: ClickHouseStore
let app: FastifyInstance
let url: string
const writer = new GatedWriter()

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-ingest-plugin-'))
  const config = loadConfig({ port: 0, dataDir, apiKey: ADMIN, logLevel: 'silent' }, {})
  store = openClickHouseStore(config)
  await migrate(store)
  const keys = new ApiKeyStore(store)
  await keys.start(ADMIN)
  await keys.create(INGEST_ONLY, { projectId: 'default', name: 'ingest', scopes: ['ingest'] })
  await keys.create(READ_ONLY, { projectId: 'default', name: 'read', scopes: ['read'] })
  app = buildApp({
    config,
    store,
    keys,
    writer,
    prices: new PriceCatalog(),
    projectSettings: new ProjectSettings(store, { defaultRetentionDays: config.retentionDays }),
    ingestLimits: { maxRequestsPerProject: 2, maxInFlightBytes: 64 * 1024, retryAfterSeconds: 3 },
    metricsAccess: 'key',
  })
  url = await app.listen({ host: '127.0.0.1', port: 0 })
})

afterAll(async () => {
  await app?.close()
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const body = (bytes = 0) =>
  JSON.stringify(
    makeJsonTraceRequest([makeJsonSpan({ extra: bytes > 0 ? { 'app.pad': 'p'.repeat(bytes) } : {} })]),
  )

function post(payload: string, key = ADMIN, contentType = 'application/json') {
  return fetch(`${url}/v1/traces`, {
    method: 'POST',
    body: payload,
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
  })
}

describe('otlp-ingest plugin: scopes and back-pressure', () => {
  it('answers 403 to a key without the ingest scope, as a Status in the request encoding', async () => {
    const response = await post(body(), READ_ONLY, 'application/x-protobuf')
    expect(response.status).toBe(403)
    const status = decodeRpcStatus(new Uint8Array(await response.arrayBuffer()))
    expect(status).toMatchObject({
      code: 7,
      reason: 'VIGIL_ERR_FORBIDDEN',
      message: expect.stringMatching(/ingest/),
    })
    expect((await post(body(), INGEST_ONLY)).status).toBe(200)
  })

  it('answers 503 with Retry-After when the writer is overloaded, so clients retry', async () => {
    writer.failure = new VigilError('OVERLOADED', 'Write queue is full', { retryAfterSeconds: 2 })
    try {
      const response = await post(body())
      expect(response.status).toBe(503)
      expect(response.headers.get('retry-after')).toBe('2')
      expect(await response.json()).toMatchObject({ code: 14, message: 'Write queue is full' })
    } finally {
      writer.failure = undefined
    }
  })

  it('answers 429 with Retry-After when one project has too many exports in flight', async () => {
    writer.hold()
    const held = [post(body()), post(body())]
    await new Promise((resolve) => setTimeout(resolve, 100))
    const limited = await post(body())
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3')
    expect(await limited.json()).toMatchObject({
      code: 8,
      message: expect.stringMatching(/concurrent exports/),
    })
    writer.release()
    for (const response of await Promise.all(held)) expect(response.status).toBe(200)
    expect((await post(body())).status).toBe(200)
  })

  it('answers 503 when in-flight bodies pass the memory budget, but lets a lone large export through', async () => {
    writer.hold()
    const first = post(body(40 * 1024))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const second = await post(body(40 * 1024))
    expect(second.status).toBe(503)
    expect(second.headers.get('retry-after')).toBe('3')
    expect(second.headers.get('vigil-error-code')).toBe('VIGIL_ERR_OVERLOADED')
    writer.release()
    expect((await first).status).toBe(200)
    expect((await post(body(100 * 1024))).status).toBe(200) // over the budget, but alone
  })

  it('serves /metrics only to a key with the read scope when access is "key"', async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(401)
    const ingestOnly = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${INGEST_ONLY}` } })
    expect(ingestOnly.status).toBe(403)
    const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${READ_ONLY}` } })
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text).toMatch(
      /^vigil_ingest_items_refused_total\{signal="traces",code="VIGIL_ERR_OVERLOADED"\} 1$/m,
    )
    expect(text).toMatch(/^vigil_ingest_errors_total\{signal="traces",code="VIGIL_ERR_RATE_LIMITED"\} 1$/m)
    expect(text).toMatch(/^vigil_writer_rows_written_total\{table="calls"\} [1-9]/m)
    expect(text).toMatch(/^vigil_writer_duplicates_total\{table="calls",where="stored"\} 0$/m)
    expect(text).toMatch(/^vigil_ingest_in_flight_requests 0$/m)
    expect(text).toMatch(/^vigil_ingest_in_flight_bytes 0$/m)
  })
})
