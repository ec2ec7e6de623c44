import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeRpcStatus } from './ingest/rpc-status.js'
import { makeJsonSpan, makeJsonTraceRequest } from './testing/otlp-json.js'
import { useTestCollector } from './testing/test-collector.js'

const KEY = 'test-key-0123456789abcdef'
const collector = useTestCollector({
  name: 'app',
  apiKey: KEY,
  maxBodyBytes: 1024 * 1024,
  writer: { lingerMs: 5 },
})

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field below
async function json(response: Response): Promise<any> {
  return response.json()
}

function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return fetch(`${collector.url}${path}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
  })
}

async function summary(query: Record<string, string> = {}) {
  const response = await collector.get(`/api/v1/metrics/summary?${new URLSearchParams(query)}`, KEY)
  expect(response.status).toBe(200)
  return response.body
}

describe('collector HTTP surface', () => {
  it('answers health checks without a key', async () => {
    const response = await fetch(`${collector.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await json(response)).toEqual({ status: 'ok', engine: 'embedded' })
  })

  it('refuses missing and wrong keys with 401 and a code', async () => {
    const missing = await fetch(`${collector.url}/api/v1/metrics/summary`)
    expect(missing.status).toBe(401)
    expect(await json(missing)).toMatchObject({ error: { code: 'VIGIL_ERR_UNAUTHORIZED' } })
    const wrong = await post('/v1/traces', '{}', { authorization: 'Bearer nope-nope-nope-nope' })
    expect(wrong.status).toBe(401)
    // OTLP routes answer with a google.rpc.Status (code 16 = UNAUTHENTICATED).
    expect(await json(wrong)).toMatchObject({ code: 16, message: expect.stringMatching(/Invalid API key/) })
    expect(wrong.headers.get('vigil-error-code')).toBe('VIGIL_ERR_UNAUTHORIZED')
  })

  it('answers 415 for an unknown content type or encoding', async () => {
    const type = await post('/v1/traces', 'hello', { 'content-type': 'text/plain' })
    expect(type.status).toBe(415)
    expect((await json(type)).message).toMatch(/text\/plain/)
    const encoding = await post('/v1/traces', 'x', { 'content-encoding': 'br' })
    expect(encoding.status).toBe(415)
    expect(encoding.headers.get('vigil-error-code')).toBe('VIGIL_ERR_UNSUPPORTED_ENCODING')
  })

  it('answers 400 naming the problem for bodies that do not decode, and stays up', async () => {
    const protobuf = await post('/v1/traces', new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01]), {
      'content-type': 'application/x-protobuf',
    })
    expect(protobuf.status).toBe(400)
    expect(protobuf.headers.get('content-type')).toMatch(/application\/x-protobuf/)
    const status = decodeRpcStatus(new Uint8Array(await protobuf.arrayBuffer()))
    expect(status).toMatchObject({ code: 3, reason: 'VIGIL_ERR_BAD_OTLP' })
    const badJson = await post('/v1/traces', '{"resourceSpans": [')
    expect(badJson.status).toBe(400)
    expect((await json(badJson)).message).toMatch(/json/i)
    const gzip = await post('/v1/traces', 'not gzip at all', { 'content-encoding': 'gzip' })
    expect(gzip.status).toBe(400)
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200)
  })

  it('refuses a body over the cap after decompression with 413 (gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20))
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const response = await post('/v1/traces', bomb, { 'content-encoding': 'gzip' })
    expect(response.status).toBe(413)
    expect(response.headers.get('vigil-error-code')).toBe('VIGIL_ERR_BODY_TOO_LARGE')
  })

  it('stores OTLP/JSON calls, gzip or not, and reports them in the summary', async () => {
    const useCase = 'summary-json'
    const spans = [
      makeJsonSpan({ useCase, durationMs: 100, inputTokens: 1000, outputTokens: 100 }),
      makeJsonSpan({ useCase, durationMs: 200, inputTokens: 2000, outputTokens: 200 }),
      makeJsonSpan({ useCase, durationMs: 300, errorType: '429' }),
    ]
    const plain = await post('/v1/traces', JSON.stringify(makeJsonTraceRequest(spans.slice(0, 2))))
    expect(plain.status).toBe(200)
    expect(plain.headers.get('content-type')).toMatch(/application\/json/)
    const gzipped = await post('/v1/traces', gzipSync(JSON.stringify(makeJsonTraceRequest(spans.slice(2)))), {
      'content-encoding': 'gzip',
    })
    expect(gzipped.status).toBe(200)

    const body = await summary({ useCase })
    expect(body).toMatchObject({
      calls: 3,
      errors: 1,
      tokens: { input: 3000, output: 300 },
      costUnknownCalls: 1,
    })
    expect(body.errorRate).toBeCloseTo(1 / 3, 10)
    // gpt-4o: 3000 × 2.5/1M + 300 × 10/1M
    expect(body.costUsd).toBeCloseTo(0.0105, 10)
    expect(body.latencyMs.p50).toBeCloseTo(200, 6)
  })

  it('counts a re-sent batch once', async () => {
    const useCase = 'resent'
    const request = JSON.stringify(
      makeJsonTraceRequest([makeJsonSpan({ useCase }), makeJsonSpan({ useCase })]),
    )
    expect((await post('/v1/traces', request)).status).toBe(200)
    expect((await post('/v1/traces', request)).status).toBe(200)
    expect((await summary({ useCase })).calls).toBe(2)
  })

  it('reports rejected spans as partial success while storing the rest', async () => {
    const useCase = 'partial'
    const bad = { ...makeJsonSpan({ useCase }), spanId: '' }
    const response = await post(
      '/v1/traces',
      JSON.stringify(makeJsonTraceRequest([makeJsonSpan({ useCase }), bad])),
    )
    expect(response.status).toBe(200)
    const body = await json(response)
    expect(Number(body.partialSuccess.rejectedSpans)).toBe(1)
    expect(body.partialSuccess.errorMessage).toMatch(/span id/)
    expect((await summary({ useCase })).calls).toBe(1)
  })

  it('validates summary parameters with 400 naming the parameter', async () => {
    const headers = { authorization: `Bearer ${KEY}` }
    const bad = await fetch(`${collector.url}/api/v1/metrics/summary?from=yesterday`, { headers })
    expect(bad.status).toBe(400)
    expect((await json(bad)).error).toMatchObject({
      code: 'VIGIL_ERR_INVALID_PARAMS',
      message: expect.stringMatching(/"from"/),
    })
    const unknown = await fetch(`${collector.url}/api/v1/metrics/summary?colour=red`, { headers })
    expect(unknown.status).toBe(400)
    expect((await json(unknown)).error.message).toMatch(/colour/)
  })

  it('treats filter values as values, not SQL', async () => {
    const body = await summary({ useCase: "x' OR 1=1 --", model: "gpt-4o'); DROP TABLE vigil.calls; --" })
    expect(body.calls).toBe(0)
    expect((await summary({ useCase: 'resent' })).calls).toBe(2)
  })

  it('filters by model and by time window', async () => {
    const useCase = 'filters'
    const old = Date.now() - 3 * 24 * 3600 * 1000
    await post(
      '/v1/traces',
      JSON.stringify(
        makeJsonTraceRequest([
          makeJsonSpan({ useCase, model: 'gpt-4o-mini' }),
          makeJsonSpan({ useCase, model: 'claude-sonnet-4', provider: 'anthropic' }),
          makeJsonSpan({ useCase, model: 'claude-sonnet-4', provider: 'anthropic', startMs: old }),
        ]),
      ),
    )
    expect((await summary({ useCase })).calls).toBe(2)
    expect((await summary({ useCase, model: 'claude-sonnet-4' })).calls).toBe(1)
    const from = new Date(old - 1000).toISOString()
    expect((await summary({ useCase, from, model: 'claude-sonnet-4' })).calls).toBe(2)
  })
})
