import { describe, expect, it } from 'vitest'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'

const KEY = 'overload-key-0123456789abcdef'
const LINGER_MS = 1_000
const body = (useCase: string) =>
  JSON.stringify(makeJsonTraceRequest(Array.from({ length: 10 }, () => makeJsonSpan({ useCase }))))
const bodyBytes = Buffer.byteLength(body('overload'))

const collector = useTestCollector({
  name: 'overload',
  apiKey: KEY,
  // Room for one export: while it waits out the linger, a second one does not fit.
  writer: { lingerMs: LINGER_MS, maxQueueBytes: Math.round(bodyBytes * 1.5) },
})

function post(payload: string) {
  return fetch(`${collector.url}/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: payload,
  })
}

describe('a full writer queue', () => {
  it('refuses exports with 503 + Retry-After instead of growing, counts them, and takes them again later', async () => {
    const first = post(body('overload'))
    await new Promise((resolve) => setTimeout(resolve, LINGER_MS / 5)) // the first is queued by now
    const second = body('overload')
    const refused = await post(second)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(collector.writer.stats).toMatchObject({ requestsOverloaded: 1 })
    expect(collector.writer.stats.queuedBytes).toBe(bodyBytes)

    expect((await first).status).toBe(200)
    // The client retries as told; the queue has room again.
    expect((await post(second)).status).toBe(200)
    expect(collector.writer.stats).toMatchObject({ requestsOverloaded: 1, requestsStored: 2, queuedBytes: 0 })
  })
})
