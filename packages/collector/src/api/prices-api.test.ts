import { describe, expect, it } from 'vitest'
import { mapTraces } from '../ingest/telemetry-mapping.js'
import { decodeTraceRequest } from '../otlp/decode-trace-request.js'
import { makeJsonSpan, makeJsonTraceRequest } from '../testing/otlp-json.js'
import { useTestCollector } from '../testing/test-collector.js'

const ADMIN = 'admin-key-0123456789abcdef' // default project, every scope
const READER = 'reader-key-0123456789abcdef' // default project, read only
const OTHER = 'other-key-0123456789abcdef' // project "other", every scope
const collector = useTestCollector({
  name: 'prices-api',
  apiKey: ADMIN,
  writer: { lingerMs: 5 },
  keys: [
    { key: READER, projectId: 'default', scopes: ['read'] },
    { key: OTHER, projectId: 'other', scopes: ['ingest', 'read', 'admin'] },
  ],
})
const { call } = collector

async function ingest(key: string, spans: ReturnType<typeof makeJsonSpan>[]) {
  const { status } = await call('POST', '/v1/traces', key, makeJsonTraceRequest(spans))
  expect(status).toBe(200)
}

/**
 * Ingest priced per project, exactly as POST /v1/traces must do it (see the
 * `pricing` decoration in prices-api.ts): decode, map with the project's
 * prices from `app.pricing.forProject`, write through the collector's writer.
 */
async function ingestPricedPerProject(projectId: string, spans: ReturnType<typeof makeJsonSpan>[]) {
  const decoded = decodeTraceRequest(Buffer.from(JSON.stringify(makeJsonTraceRequest(spans))), 'json')
  const mapped = mapTraces(decoded, projectId, await collector.app.pricing.forProject(projectId))
  await collector.writer.write(mapped.batch, 0)
}

const acme = (startMs: number) =>
  makeJsonSpan({ model: 'acme-llm', provider: 'acme', inputTokens: 1000, outputTokens: 500, startMs })

async function summary(key: string, from: number) {
  const { body } = await call('GET', `/api/v1/metrics/summary?from=${from}&to=${Date.now() + 1000}`, key)
  return body
}

describe('prices API', () => {
  const t0 = Date.now() - 60_000

  it('lists the effective catalog with its version and sources', async () => {
    const { status, body } = await call('GET', '/api/v1/prices', READER)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      projectId: 'default',
      unit: 'USD per 1M tokens',
      overrideVersion: null,
      overrides: {},
    })
    expect(body.catalogVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(body.models).toContainEqual(
      expect.objectContaining({
        model: 'gpt-4o',
        source: 'catalog',
        input: 2.5,
        output: 10,
        provider: 'openai',
      }),
    )
    expect(body.sources.anthropic.source).toMatch(/^https:\/\//)
  })

  it('refuses PUT with a read-only key (403)', async () => {
    const { status, body } = await call('PUT', '/api/v1/prices', READER, { models: {} })
    expect(status).toBe(403)
    expect(body.error.code).toBe('VIGIL_ERR_FORBIDDEN')
  })

  it.each([
    [{ models: { 'gpt-4.1': { input: -1, output: 1 } } }, /"models\["gpt-4\.1"\]\.input": must be ≥ 0/],
    [{ models: { acme: { input: 1 } } }, /"models\.acme\.output"/],
    [
      { models: { acme: { input: 1, output: 2, cachedinput: 0.5 } } },
      /Unknown field "models\.acme\.cachedinput"/,
    ],
    [
      { models: { acme: { input: 1, output: 2, tiers: [{ aboveInputTokens: 0, input: 1, output: 1 }] } } },
      /"models\.acme\.tiers\[0\]\.aboveInputTokens"/,
    ],
    [{ models: { acme: { input: '1', output: 2 } } }, /"models\.acme\.input"/],
    [
      { models: { Acme: { input: 1, output: 1 }, acme: { input: 2, output: 2 } } },
      /"models": model names must be unique/,
    ],
    [{ models: {}, prices: {} }, /Unknown field "prices"/],
  ])('answers 400 naming the bad field for %j', async (bad, message) => {
    const { status, body } = await call('PUT', '/api/v1/prices', ADMIN, bad)
    expect(status).toBe(400)
    expect(body.error.code).toBe('VIGIL_ERR_INVALID_BODY')
    expect(body.error.message).toMatch(message)
  })

  it('lists models seen without a price, per project', async () => {
    await ingest(ADMIN, [acme(t0)])
    await ingest(OTHER, [acme(t0), acme(t0 + 1)])
    const mine = await call('GET', `/api/v1/prices/unknown-models?from=${t0 - 1000}`, READER)
    expect(mine.status).toBe(200)
    expect(mine.body.models).toEqual([
      {
        model: 'acme-llm',
        provider: 'acme',
        calls: 1,
        callsWithUsage: 1,
        lastSeen: new Date(t0).toISOString(),
        pricedNow: false,
      },
    ])
    const theirs = await call('GET', `/api/v1/prices/unknown-models?from=${t0 - 1000}`, OTHER)
    expect(theirs.body.models[0]).toMatchObject({ model: 'acme-llm', calls: 2 })
    expect((await summary(READER, t0 - 1000)).costUnknownCalls).toBe(1)
  })

  it('prices new data with a PUT at once, for that project only', async () => {
    const put = await call('PUT', '/api/v1/prices', ADMIN, {
      models: { 'acme-llm': { provider: 'acme', input: 1, output: 2 } },
    })
    expect(put.status).toBe(200)
    expect(put.body.overrideVersion).toMatch(/^\d+$/)
    expect(put.body.models).toContainEqual(
      expect.objectContaining({
        model: 'acme-llm',
        source: 'override',
        basis: `override:${put.body.overrideVersion}`,
      }),
    )
    const t1 = Date.now() - 30_000
    await ingestPricedPerProject('default', [acme(t1)])
    await ingestPricedPerProject('other', [acme(t1)])
    // 1000 × $1 + 500 × $2 per 1M tokens = $0.002 for the new call; the old one stays unknown until recomputed.
    const mine = await summary(READER, t1 - 1)
    expect(mine).toMatchObject({ calls: 1, costUnknownCalls: 0 })
    expect(mine.costUsd).toBeCloseTo(0.002, 12)
    expect(await summary(OTHER, t1 - 1)).toMatchObject({ calls: 1, costUsd: 0, costUnknownCalls: 1 })

    const unknown = await call('GET', `/api/v1/prices/unknown-models?from=${t0 - 1000}`, READER)
    expect(unknown.body.models).toEqual([
      expect.objectContaining({ model: 'acme-llm', calls: 1, pricedNow: true }),
    ])
  })

  it('re-prices stored calls on request, and only for the caller project', async () => {
    const denied = await call('POST', '/api/v1/prices/recompute', READER, { from: t0 - 1000, to: Date.now() })
    expect(denied.status).toBe(403)
    const bad = await call('POST', '/api/v1/prices/recompute', ADMIN, { from: Date.now(), to: t0 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/"from"/)

    const { status, body } = await call('POST', '/api/v1/prices/recompute', ADMIN, {
      from: new Date(t0 - 1000).toISOString(),
      to: new Date(Date.now() + 1000).toISOString(),
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({ scanned: 2, repriced: 1, unchanged: 1, keptSdk: 0, unknown: 0 })
    const mine = await summary(READER, t0 - 1000)
    expect(mine).toMatchObject({ calls: 2, costUnknownCalls: 0 })
    expect(mine.costUsd).toBeCloseTo(0.004, 12)
    expect(await summary(OTHER, t0 - 1000)).toMatchObject({ calls: 3, costUnknownCalls: 3 })
    const unknown = await call('GET', `/api/v1/prices/unknown-models?from=${t0 - 1000}`, READER)
    expect(unknown.body.models).toEqual([])
  })

  it('answers GET with the saved overrides, ready to edit and PUT back', async () => {
    const { body } = await call('GET', '/api/v1/prices', READER)
    expect(body.overrides).toEqual({ 'acme-llm': { provider: 'acme', input: 1, output: 2 } })
    const other = await call('GET', '/api/v1/prices', OTHER)
    expect(other.body.overrides).toEqual({})
  })
})
