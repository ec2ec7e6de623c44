import { describe, expect, it } from 'vitest'
import { loadConfig } from '../packages/collector/src/config.js'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'

/** A low limit: a burst of 3, then one request every 2 s per key. */
const LIMIT = { requestsPerSecond: 0.5, burst: 3 }
const ADMIN = 'rate-limit-admin-key-0123456789'
const PATH = '/api/v1/projects/current/settings'
const collector = useTestCollector({ name: 'access-rate-limit', apiKey: ADMIN, apiRateLimit: LIMIT })

/** The body is read: an unread one holds its connection busy, and closing the collector would wait for it. */
async function get(path: string, key?: string) {
  const response = await collector.send('GET', path, key)
  return { status: response.status, headers: response.headers, body: (await response.json()) as unknown }
}

async function createKey(scopes: string[]): Promise<string> {
  const { status, body } = await collector.call('POST', '/api/v1/keys', ADMIN, { name: 'client', scopes })
  expect(status).toBe(201)
  return body.key
}

/** Requests until the first 429, which must come once the bucket is empty. */
async function exhaust(key: string) {
  for (let served = 0; served < 10; served++) {
    const response = await get(PATH, key)
    if (response.status === 429) return { served, refused: response }
    expect(response.status).toBe(200)
  }
  throw new Error('no 429 after 10 requests')
}

describe('per-key API rate limit', () => {
  let noisy: string

  it('answers 429 with Retry-After and RATE_LIMITED once a key has spent its burst', async () => {
    noisy = await createKey(['ingest', 'read'])
    const { served, refused } = await exhaust(noisy)
    // The burst, plus at most the token or two refilled while the requests ran.
    expect(served).toBeGreaterThanOrEqual(LIMIT.burst)
    expect(served).toBeLessThanOrEqual(LIMIT.burst + 2)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(refused.body).toEqual({
      error: { code: 'VIGIL_ERR_RATE_LIMITED', message: expect.stringMatching(/over its request rate/) },
    })
  })

  it('keeps serving other keys, of the same project too', async () => {
    const quiet = await createKey(['read'])
    expect((await get(PATH, quiet)).status).toBe(200)
    expect((await get('/api/v1/prices', quiet)).status).toBe(200)
  })

  it('leaves OTLP ingest to its own admission: a throttled key still exports', async () => {
    await exhaust(noisy)
    for (let i = 0; i < 5; i++) {
      const response = await collector.send(
        'POST',
        '/v1/traces',
        noisy,
        makeJsonTraceRequest([makeJsonSpan()]),
      )
      expect(response.status).toBe(200)
      await response.arrayBuffer()
    }
  })

  it('serves the key again after Retry-After', async () => {
    const { refused } = await exhaust(noisy)
    const wait = Number(refused.headers.get('retry-after'))
    expect(wait).toBeGreaterThanOrEqual(1)
    await new Promise((resolve) => setTimeout(resolve, wait * 1000))
    // Refused requests spend nothing, so polling does not push the next token further away.
    const deadline = Date.now() + 10_000
    let status = 429
    while (status === 429 && Date.now() < deadline) {
      status = (await get(PATH, noisy)).status
      if (status === 429) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(status).toBe(200)
  })

  it('does not limit the routes outside /api', async () => {
    for (let i = 0; i < LIMIT.burst + 3; i++) {
      expect((await get('/healthz')).status).toBe(200)
      expect((await get('/openapi.json')).status).toBe(200)
    }
  })
})

describe('rate limit settings', () => {
  it('reads VIGIL_API_RATE_LIMIT and VIGIL_API_RATE_BURST, with defaults the dashboard never reaches', () => {
    expect(loadConfig({}, {}).apiRateLimit).toEqual({ requestsPerSecond: 100, burst: 300 })
    const env = { VIGIL_API_RATE_LIMIT: '5', VIGIL_API_RATE_BURST: '20' }
    expect(loadConfig({}, env).apiRateLimit).toEqual({ requestsPerSecond: 5, burst: 20 })
    expect(loadConfig({ apiRateLimit: { burst: 7 } }, env).apiRateLimit).toEqual({
      requestsPerSecond: 5,
      burst: 7,
    })
    expect(() => loadConfig({}, { VIGIL_API_RATE_BURST: '0' })).toThrow(/VIGIL_API_RATE_BURST/)
    expect(() => loadConfig({}, { VIGIL_API_RATE_LIMIT: 'fast' })).toThrow(/VIGIL_API_RATE_LIMIT/)
    expect(loadConfig({}, { VIGIL_KEY_RELOAD_MS: '500' }).keyReloadMs).toBe(500)
  })
})
