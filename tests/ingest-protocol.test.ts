import { createGzip, deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeRpcStatus } from '../packages/collector/src/ingest/rpc-status.js'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'
import { responseText } from '../packages/sdk/src/exporter/collector-response.js'
import {
  attr,
  decodeExportResponse,
  makeJsonLogRecord,
  makeJsonLogsRequest,
  makeJsonMetricsRequest,
  makeJsonSpan,
  makeJsonTraceRequest,
  toProtobuf,
} from './support/otlp-fixtures.js'
import { sampleValue } from './support/prometheus-text.js'

/** OTLP/HTTP as the specification describes it, against a real collector on a loopback port. */
const KEY = 'protocol-test-key-0123456789'
const MiB = 1024 * 1024
const PROTOBUF = 'application/x-protobuf'
const collector = useTestCollector({
  name: 'protocol',
  apiKey: KEY,
  maxBodyBytes: 16 * MiB,
  writer: { lingerMs: 5 },
})

function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return fetch(`${collector.url}${path}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
  })
}

const bytes = async (response: Response) => new Uint8Array(await response.arrayBuffer())
const jsonTraces = (spans: ReturnType<typeof makeJsonSpan>[]) => JSON.stringify(makeJsonTraceRequest(spans))

async function scrape(): Promise<string> {
  const response = await fetch(`${collector.url}/metrics`)
  expect(response.status).toBe(200)
  return response.text()
}

async function query<Row>(sql: string): Promise<Row[]> {
  const result = await collector.store.client.query({ query: sql, format: 'JSONEachRow' })
  return result.json<Row>()
}

async function callsFor(useCase: string): Promise<number> {
  const response = await collector.get(`/api/v1/metrics/summary?useCase=${useCase}`, KEY)
  expect(response.status).toBe(200)
  return response.body.calls
}

describe('OTLP/HTTP traces', () => {
  it('stores protobuf and JSON exports, plain, gzip or deflate, answering in the request encoding', async () => {
    const useCase = 'encodings'
    const cases: [string, Record<string, string>, string | Uint8Array][] = [
      [
        'protobuf',
        { 'content-type': PROTOBUF },
        toProtobuf('traces', makeJsonTraceRequest([makeJsonSpan({ useCase })])),
      ],
      [
        'protobuf+gzip',
        { 'content-type': PROTOBUF, 'content-encoding': 'gzip' },
        gzipSync(toProtobuf('traces', makeJsonTraceRequest([makeJsonSpan({ useCase })]))),
      ],
      [
        'json+deflate',
        { 'content-encoding': 'deflate' },
        deflateSync(jsonTraces([makeJsonSpan({ useCase })])),
      ],
      [
        'json',
        { 'content-type': 'application/json; charset=utf-8' },
        jsonTraces([makeJsonSpan({ useCase })]),
      ],
    ]
    for (const [name, headers, body] of cases) {
      const response = await post('/v1/traces', body, headers)
      expect(response.status, name).toBe(200)
      const protobuf = name.startsWith('protobuf')
      expect(response.headers.get('content-type'), name).toMatch(protobuf ? PROTOBUF : /application\/json/)
      if (protobuf)
        expect(await bytes(response)).toHaveLength(0) // the empty ExportTraceServiceResponse
      else expect(await response.json()).toEqual({})
    }
    expect(await callsFor(useCase)).toBe(4)
  })

  it('reports invalid spans as partial success while storing the rest, in both encodings', async () => {
    const useCase = 'partial-protocol'
    const request = makeJsonTraceRequest([
      makeJsonSpan({ useCase }),
      { ...makeJsonSpan({ useCase }), spanId: '' },
    ])
    const asJson = await post('/v1/traces', JSON.stringify(request))
    expect(asJson.status).toBe(200)
    expect(await asJson.json()).toMatchObject({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage: expect.stringMatching(/1 span\(s\) rejected.*span id/),
      },
    })
    const asProtobuf = await post('/v1/traces', toProtobuf('traces', request), { 'content-type': PROTOBUF })
    expect(asProtobuf.status).toBe(200)
    expect(decodeExportResponse('traces', await bytes(asProtobuf))).toMatchObject({
      partialSuccess: { rejectedSpans: '1', errorMessage: expect.stringMatching(/span id/) },
    })
    // The same request twice: the valid span is stored once (re-sent rows are deduplicated).
    expect(await callsFor(useCase)).toBe(1)
  })

  it('rejects rows storage cannot hold as partial success, never a 503 the client would retry forever', async () => {
    const useCase = 'poison'
    const plain = { ...makeJsonSpan(), attributes: [attr('http.method', 'GET')] }
    const request = makeJsonTraceRequest([
      makeJsonSpan({ useCase }),
      { ...makeJsonSpan({ useCase }), startTimeUnixNano: '0' },
      { ...plain, kind: -1 }, // an open enum: stored as unspecified
      { ...makeJsonSpan({ useCase }), startTimeUnixNano: '18446744073709551615' },
    ])
    const response = await post('/v1/traces', JSON.stringify(request))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ partialSuccess: { rejectedSpans: '2' } })
    const logs = makeJsonLogsRequest([{ ...makeJsonLogRecord(), severityNumber: -1 }])
    expect((await post('/v1/logs', JSON.stringify(logs))).status).toBe(200)
    expect(await callsFor(useCase)).toBe(1)
  })

  it('stores a span with 10,000 attributes capped by priority, and says so', async () => {
    const useCase = 'ten-thousand'
    const span = makeJsonSpan({ useCase })
    // The names Vigil reads come last on the wire and must still survive the cap.
    const noise = Array.from({ length: 10_000 }, (_, i) => attr(`app.noise.${i}`, `value ${i}`))
    const wide = { ...span, attributes: [...noise, ...span.attributes] }
    const before = sampleValue(await scrape(), 'vigil_ingest_attributes_dropped_total', { signal: 'traces' })
    const response = await post('/v1/traces', jsonTraces([wide]))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({})
    expect(await callsFor(useCase)).toBe(1)
    const [row] = await query<{ kept: number; dropped: string }>(
      `SELECT length(mapKeys(attributes)) AS kept, attributes['vigil.dropped_attributes'] AS dropped
       FROM ${collector.store.table('calls')} WHERE use_case = '${useCase}'`,
    )
    // 10,004 attributes on the wire, 128 kept, plus the marker saying how many went.
    expect(row).toEqual({ kept: 129, dropped: '9876' })
    const after = sampleValue(await scrape(), 'vigil_ingest_attributes_dropped_total', { signal: 'traces' })
    expect(after - before).toBe(9876)
  })

  it('stores a span with a 5 MB attribute value, truncated and counted', async () => {
    const useCase = 'five-megabytes'
    const huge = 'x'.repeat(5 * 1000 * 1000)
    const span = makeJsonSpan({ useCase, extra: { 'gen_ai.input.messages': huge, 'app.blob': huge } })
    const before = sampleValue(await scrape(), 'vigil_ingest_attributes_truncated_total', {
      signal: 'traces',
    })
    const response = await post('/v1/traces', gzipSync(jsonTraces([span])), { 'content-encoding': 'gzip' })
    expect(response.status).toBe(200)
    expect(await callsFor(useCase)).toBe(1)
    const [row] = await query<{ blob: number; content: number; truncated: string }>(
      `SELECT length(attributes['app.blob']) AS blob, length(attributes['gen_ai.input.messages']) AS content,
              attributes['vigil.truncated_attributes'] AS truncated
       FROM ${collector.store.table('calls')} WHERE use_case = '${useCase}'`,
    )
    // An ordinary value keeps 8 KiB, a prompt 256 KiB (the defaults).
    expect(row).toEqual({ blob: 8 * 1024, content: 256 * 1024, truncated: '2' })
    const after = sampleValue(await scrape(), 'vigil_ingest_attributes_truncated_total', { signal: 'traces' })
    expect(after - before).toBe(2)
  })
})

describe('OTLP/HTTP logs and metrics', () => {
  it('accepts logs in both encodings and reports empty records as partial success', async () => {
    const before = await scrape()
    const accepted = () => sampleValue(before, 'vigil_ingest_items_accepted_total', { signal: 'logs' })
    const json = await post(
      '/v1/logs',
      JSON.stringify(makeJsonLogsRequest([makeJsonLogRecord(), makeJsonLogRecord()])),
    )
    expect(json.status).toBe(200)
    expect(await json.json()).toEqual({})
    const marker = `kept-${Date.now()}`
    const request = makeJsonLogsRequest([
      makeJsonLogRecord({ body: marker }),
      makeJsonLogRecord({ empty: true }),
    ])
    const protobuf = await post('/v1/logs', gzipSync(toProtobuf('logs', request)), {
      'content-type': PROTOBUF,
      'content-encoding': 'gzip',
    })
    expect(protobuf.status).toBe(200)
    expect(decodeExportResponse('logs', await bytes(protobuf))).toMatchObject({
      partialSuccess: { rejectedLogRecords: '1', errorMessage: expect.stringMatching(/log record/) },
    })
    const after = await scrape()
    expect(sampleValue(after, 'vigil_ingest_items_accepted_total', { signal: 'logs' }) - accepted()).toBe(3)
    expect(
      sampleValue(after, 'vigil_ingest_items_rejected_total', { signal: 'logs', reason: 'invalid' }),
    ).toBe(1)
    const stored = await query<{ n: string }>(
      `SELECT count() AS n FROM ${collector.store.table('logs')} WHERE body = '${marker}'`,
    )
    expect(Number(stored[0]?.n)).toBe(1)
  })

  it('answers metrics exports with an ExportMetricsServiceResponse, counting the points', async () => {
    const ok = await post('/v1/metrics', toProtobuf('metrics', makeJsonMetricsRequest()), {
      'content-type': PROTOBUF,
    })
    expect(ok.status).toBe(200)
    // A warning (rejected 0, message set): the points are acknowledged but Vigil does not store them.
    const warning = decodeExportResponse('metrics', await bytes(ok))
    expect(warning).toMatchObject({
      partialSuccess: { errorMessage: expect.stringMatching(/does not store metric/) },
    })
    const bad = await post('/v1/metrics', JSON.stringify(makeJsonMetricsRequest({ nameless: true })))
    expect(bad.status).toBe(200)
    expect(await bad.json()).toMatchObject({ partialSuccess: { rejectedDataPoints: '1' } })
    const text = await scrape()
    expect(sampleValue(text, 'vigil_ingest_items_received_total', { signal: 'metrics' })).toBe(5)
    expect(
      sampleValue(text, 'vigil_ingest_items_dropped_total', {
        signal: 'metrics',
        reason: 'metrics_not_stored',
      }),
    ).toBe(4)
  })
})

describe('OTLP/HTTP failures', () => {
  it('answers 400 with a google.rpc.Status in the request encoding, readable by the SDK exporter', async () => {
    const protobuf = await post('/v1/traces', new Uint8Array([0x0a, 0xff, 0xff, 0x01]), {
      'content-type': PROTOBUF,
    })
    expect(protobuf.status).toBe(400)
    expect(protobuf.headers.get('content-type')).toMatch(PROTOBUF)
    const body = Buffer.from(await bytes(protobuf))
    const status = decodeRpcStatus(body)
    expect(status).toMatchObject({
      code: 3,
      reason: 'VIGIL_ERR_BAD_OTLP',
      message: expect.stringMatching(/decode/),
    })
    expect(responseText(body, PROTOBUF)).toBe(status.message)

    const json = await post('/v1/logs', '{"resourceLogs": [{"scopeLogs": 7}]}')
    expect(json.status).toBe(400)
    expect(await json.json()).toMatchObject({
      code: 3,
      message: expect.stringMatching(/scopeLogs/),
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'VIGIL_ERR_BAD_OTLP' }],
    })
    const gzip = await post('/v1/traces', 'not gzip', { 'content-encoding': 'gzip' })
    expect(gzip.status).toBe(400)
    expect(((await gzip.json()) as { message: string }).message).toMatch(/gzip/)
  })

  it('answers 401 without a valid key, as a Status', async () => {
    const missing = await fetch(`${collector.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': PROTOBUF },
      body: new Uint8Array(0),
    })
    expect(missing.status).toBe(401)
    expect(decodeRpcStatus(await bytes(missing))).toMatchObject({
      code: 16,
      message: expect.stringMatching(/Bearer/),
    })
    const wrong = await post('/v1/metrics', '{}', { authorization: 'Bearer wrong-wrong-wrong-wrong' })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toMatchObject({ code: 16, message: 'Invalid API key' })
  })

  it('answers 415 for an unknown content type or encoding', async () => {
    const type = await post('/v1/traces', 'hello', { 'content-type': 'text/plain' })
    expect(type.status).toBe(415)
    expect(await type.json()).toMatchObject({ code: 3, message: expect.stringMatching(/text\/plain/) })
    const encoding = await post('/v1/logs', 'x', { 'content-type': PROTOBUF, 'content-encoding': 'br' })
    expect(encoding.status).toBe(415)
    expect(decodeRpcStatus(await bytes(encoding))).toMatchObject({ reason: 'VIGIL_ERR_UNSUPPORTED_ENCODING' })
  })

  it('answers 413 for a body over the cap, plain or compressed', async () => {
    const plain = await post('/v1/traces', new Uint8Array(17 * MiB), { 'content-type': PROTOBUF })
    expect(plain.status).toBe(413)
    expect(decodeRpcStatus(await bytes(plain))).toMatchObject({ code: 8, reason: 'VIGIL_ERR_BODY_TOO_LARGE' })
  })

  it('refuses a gzip bomb while streaming, without the memory growing', async () => {
    const bomb = await gzipOfZeros(256 * MiB)
    expect(bomb.length).toBeLessThan(1 * MiB)
    const before = process.memoryUsage.rss()
    const response = await post('/v1/traces', bomb, { 'content-type': PROTOBUF, 'content-encoding': 'gzip' })
    expect(response.status).toBe(413)
    expect(decodeRpcStatus(await bytes(response)).message).toMatch(/after decompression/)
    // At most the 16 MiB cap (plus a zlib chunk) is ever inflated; 256 MiB would show.
    expect(process.memoryUsage.rss() - before).toBeLessThan(96 * MiB)
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200)
  })
})

describe('GET /metrics', () => {
  it('serves the Prometheus text format without a key on a loopback bind', async () => {
    const response = await fetch(`${collector.url}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    expect(text).toMatch(/^# HELP vigil_ingest_items_received_total /m)
    expect(text).toMatch(/^# TYPE vigil_ingest_write_duration_seconds histogram$/m)
    expect(
      sampleValue(text, 'vigil_http_requests_total', { method: 'POST', route: '/v1/traces', status: '200' }),
    ).toBeGreaterThan(0)
    expect(
      sampleValue(text, 'vigil_http_requests_total', { method: 'POST', route: '/v1/traces', status: '413' }),
    ).toBe(2)
    expect(
      sampleValue(text, 'vigil_ingest_errors_total', { signal: 'traces', code: 'VIGIL_ERR_BODY_TOO_LARGE' }),
    ).toBe(2)
    expect(sampleValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(10 * MiB)
    expect(
      sampleValue(text, 'vigil_ingest_body_bytes_total', { signal: 'traces', stage: 'decompressed' }),
    ).toBeGreaterThan(sampleValue(text, 'vigil_ingest_body_bytes_total', { signal: 'traces', stage: 'wire' }))
  })

  it("keeps histograms of the writer's batch sizes and insert latency per table", async () => {
    const response = await post('/v1/traces', jsonTraces([makeJsonSpan({}), makeJsonSpan({})]))
    expect(response.status).toBe(200)
    const text = await scrape()
    expect(text).toMatch(/^# TYPE vigil_writer_batch_rows histogram$/m)
    expect(text).toMatch(/^# TYPE vigil_writer_insert_duration_seconds histogram$/m)
    const batches = sampleValue(text, 'vigil_writer_batch_rows_count', { table: 'calls' })
    expect(batches).toBeGreaterThan(0)
    expect(sampleValue(text, 'vigil_writer_insert_duration_seconds_count', { table: 'calls' })).toBe(batches)
    // One observation per successful batch, as the batch counter counts them.
    expect(batches).toBe(sampleValue(text, 'vigil_writer_batches_written_total', { table: 'calls' }))
    expect(sampleValue(text, 'vigil_writer_batch_rows_sum', { table: 'calls' })).toBe(
      sampleValue(text, 'vigil_writer_rows_written_total', { table: 'calls' }),
    )
    expect(sampleValue(text, 'vigil_writer_batch_rows_bucket', { table: 'calls', le: '+Inf' })).toBe(batches)
  })
})

/** A gzip stream of `size` zero bytes, built in 1 MiB steps so the test itself stays small. */
async function gzipOfZeros(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 })
  const chunks: Buffer[] = []
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise((resolve) => gzip.on('end', resolve))
  const zeros = Buffer.alloc(MiB)
  for (let written = 0; written < size; written += MiB) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve))
  }
  gzip.end()
  await done
  return Buffer.concat(chunks)
}
