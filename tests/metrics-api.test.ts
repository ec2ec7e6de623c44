import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningCollector, startCollector } from '@vigil/collector'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeJsonSpan, makeJsonTraceRequest } from './support/otlp-fixtures.js'

const KEY = 'metrics-api-test-key-0123456789'
const HOUR = 3_600_000
const MINUTE = 60_000

let collector: RunningCollector
let dataDir: string
/** 10:00 UTC three days ago: every call below sits at a known offset from it. */
const base = Math.floor((Date.now() - 3 * 24 * HOUR) / (24 * HOUR)) * 24 * HOUR + 10 * HOUR
const iso = (ms: number) => new Date(ms).toISOString()

interface CallSpec {
  at: number
  durationMs: number
  model?: string
  useCase?: string
  user?: string
  tag?: string
  errorType?: string
  fallbackAttempt?: number
  cacheHit?: boolean
  ttftSeconds?: number
  inputTokens?: number
  outputTokens?: number
}

const calls: CallSpec[] = []
// 200 support-triage calls on gpt-4o-mini, 1..200 ms, one every 30 s from 10:00:15 (ragged minutes and hours).
for (let i = 0; i < 200; i++) {
  calls.push({
    at: base + 15_000 + i * 30_000,
    durationMs: i + 1,
    model: 'gpt-4o-mini',
    useCase: 'triage',
    user: `user-${i % 4}`,
    tag: i % 2 === 0 ? 'even' : 'odd',
    inputTokens: 100,
    outputTokens: 10,
    ttftSeconds: 0.05,
    ...(i % 10 === 0 ? { errorType: 'timeout' } : {}),
    ...(i % 25 === 0 ? { errorType: '429' } : {}),
  })
}
// Drafting on gpt-4o, an hour later: a fallback chain (attempt 1 failed, attempt 2 served) and cache hits.
for (let i = 0; i < 20; i++) {
  calls.push({
    at: base + 2 * HOUR + i * MINUTE,
    durationMs: 1000,
    model: 'gpt-4o',
    useCase: 'draft',
    user: 'user-9',
    inputTokens: 1000,
    outputTokens: 200,
    fallbackAttempt: i < 4 ? (i % 2) + 1 : 0,
    cacheHit: i >= 18,
  })
}

function span(call: CallSpec) {
  const extra: Record<string, string | number | boolean> = {}
  if (call.user) extra['vigil.user_id'] = call.user
  if (call.tag) extra['vigil.tags'] = call.tag
  if (call.ttftSeconds !== undefined) extra['gen_ai.response.time_to_first_chunk'] = call.ttftSeconds
  if (call.fallbackAttempt) {
    extra['vigil.fallback.attempt'] = call.fallbackAttempt - 1
    extra['vigil.fallback.served'] = call.fallbackAttempt === 2
  }
  if (call.cacheHit) extra['vigil.cache.hit'] = true
  return makeJsonSpan({
    startMs: call.at,
    durationMs: call.durationMs,
    model: call.model,
    useCase: call.useCase,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    errorType: call.errorType,
    extra,
  })
}

/** The spans sent, in the order of `calls`: the oversight tests name calls by their ids. */
const spans = calls.map(span)

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function summary(params: Record<string, string>) {
  const { status, body } = await get(`/api/v1/metrics/summary?${new URLSearchParams(params)}`)
  expect(status, JSON.stringify(body)).toBe(200)
  return body as {
    calls: number
    errors: number
    errorRate: number | null
    timeouts: number
    costUsd: number
    costPerCallUsd: number | null
    latencyMs: { p50: number | null; p95: number | null; p99: number | null }
    ttftMs: { p50: number | null; p95: number | null }
    tokens: Record<string, number>
    fallbackRate: number | null
    cacheHitRate: number | null
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-metrics-api-'))
  collector = await startCollector({ port: 0, dataDir, apiKey: KEY, logLevel: 'silent' })
  const response = await fetch(`${collector.url}/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(makeJsonTraceRequest(spans)),
  })
  expect(response.status).toBe(200)
})

afterAll(async () => {
  await collector?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const expected = (list: CallSpec[]) => ({
  calls: list.length,
  errors: list.filter((c) => c.errorType).length,
  timeouts: list.filter((c) => c.errorType === 'timeout').length,
})

describe('GET /api/v1/metrics/summary', () => {
  it('reports every metric of a window, with each rate over its stated denominator', async () => {
    const s = await summary({ from: iso(base), to: iso(base + 4 * HOUR) })
    expect(s).toMatchObject(expected(calls))
    expect(s.errorRate).toBeCloseTo(s.errors / 220, 10)
    expect(s.tokens).toEqual({
      input: 200 * 100 + 20 * 1000,
      output: 200 * 10 + 20 * 200,
      cached: 0,
      cacheCreation: 0,
      reasoning: 0,
    })
    // gpt-4o-mini: $0.15 / $0.60 per million; gpt-4o: $2.50 / $10.00.
    const cost = (200 * (100 * 0.15 + 10 * 0.6)) / 1e6 + (20 * (1000 * 2.5 + 200 * 10)) / 1e6
    expect(s.costUsd).toBeCloseTo(cost, 9)
    expect(s.costPerCallUsd).toBeCloseTo(cost / 220, 9)
    // Both models have a price: every call's cost is counted.
    expect(s).toMatchObject({ costUnknownCalls: 0, costCoverage: 1 })
    expect(s.fallbackRate).toBeCloseTo(2 / 220, 10) // attempts numbered 2 are fallbacks
    expect(s.cacheHitRate).toBeCloseTo(2 / 220, 10)
    expect(s.ttftMs.p50).toBeCloseTo(50, 0) // only the 200 streamed calls reported one
  })

  it('merges percentiles from digests instead of averaging them', async () => {
    // The triage calls alone: durations 1..200 ms, exact median 100.5, p95 190.5.
    const s = await summary({ from: iso(base), to: iso(base + 4 * HOUR), useCase: 'triage' })
    expect(s.calls).toBe(200)
    expect(s.latencyMs.p50).toBeGreaterThan(99)
    expect(s.latencyMs.p50).toBeLessThan(102)
    expect(s.latencyMs.p95).toBeGreaterThan(188)
    expect(s.latencyMs.p95).toBeLessThan(193)
  })

  it('counts exactly the calls inside windows with ragged edges (rollups inside, raw rows at the edges)', async () => {
    const windows = [
      [base + 20_000, base + 65 * MINUTE + 7_000],
      [base + 59 * MINUTE + 59_000, base + 61 * MINUTE + 1_000],
      [base + 1, base + 2 * HOUR + 10 * MINUTE + 1],
      [base - HOUR, base + 3 * HOUR],
      [base + 30 * MINUTE, base + 30 * MINUTE + 29_000],
    ]
    for (const [from, to] of windows) {
      const inside = calls.filter((c) => c.at >= (from as number) && c.at < (to as number))
      const s = await summary({ from: iso(from as number), to: iso(to as number) })
      expect(s, `${iso(from as number)} – ${iso(to as number)}`).toMatchObject(expected(inside))
      // The same window from raw rows only (every triage call has a tag): same counts.
      const raw = await summary({ from: iso(from as number), to: iso(to as number), tag: 'even' })
      expect(raw.calls).toBe(inside.filter((c) => c.tag === 'even').length)
    }
  })

  it('filters by dimension, user and tag', async () => {
    const window = { from: iso(base), to: iso(base + 4 * HOUR) }
    expect((await summary({ ...window, model: 'gpt-4o' })).calls).toBe(20)
    expect((await summary({ ...window, useCase: 'draft', model: 'gpt-4o-mini' })).calls).toBe(0)
    expect((await summary({ ...window, userId: 'user-1' })).calls).toBe(50)
    expect((await summary({ ...window, tag: 'odd', useCase: 'triage' })).calls).toBe(100)
    expect((await summary({ ...window, provider: 'anthropic' })).calls).toBe(0)
  })

  it('treats every filter value as a value, never as SQL', async () => {
    const hostile = [
      "' OR 1=1 --",
      "x'); DROP TABLE vigil.calls; --",
      '{projectId:String}',
      '\\',
      "'; SELECT 1",
    ]
    const filters = [
      'useCase',
      'model',
      'provider',
      'environment',
      'promptVersion',
      'serviceName',
      'userId',
      'tag',
    ]
    for (const filter of filters) {
      for (const value of hostile) {
        const s = await summary({ from: iso(base), to: iso(base + 4 * HOUR), [filter]: value })
        expect(s.calls, `${filter}=${value}`).toBe(0)
      }
    }
    expect((await summary({ from: iso(base), to: iso(base + 4 * HOUR) })).calls).toBe(220)
  })

  it('names the bad parameter and what is allowed', async () => {
    const cases: [string, RegExp][] = [
      ['from=yesterday', /"from"/],
      ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', /"from": must be before "to"/],
      ['colour=blue', /Unknown query parameter "colour"/],
      ['model=', /"model"/],
    ]
    // A window reaching beyond what can be stored is cut to it, not an error.
    const wide = await summary({ from: '0', to: '9999-12-31T00:00:00Z' })
    expect(wide.calls).toBe(220)
    for (const [query, message] of cases) {
      const { status, body } = await get(`/api/v1/metrics/summary?${query}`)
      expect(status).toBe(400)
      expect((body.error as { message: string }).message).toMatch(message)
    }
  })
})

describe('GET /api/v1/metrics/timeseries', () => {
  it('buckets metrics over the window, with empty buckets present', async () => {
    const { status, body } = await get(
      `/api/v1/metrics/timeseries?metric=calls,errorRate&interval=1h&from=${iso(base)}&to=${iso(base + 4 * HOUR)}`,
    )
    expect(status).toBe(200)
    const series = body.series as {
      group: string | null
      other: boolean
      points: Record<string, number | null>[]
    }[]
    expect(series).toHaveLength(1)
    expect(series[0]?.points.map((p) => [p.t, p.calls])).toEqual([
      [base, 120],
      [base + HOUR, 80],
      [base + 2 * HOUR, 20],
      [base + 3 * HOUR, 0],
    ])
    expect(series[0]?.points[3]?.errorRate).toBeNull()
    expect(series[0]?.points[2]?.errorRate).toBe(0)
  })

  it('chooses an interval when none is given and refuses one that makes too many buckets', async () => {
    const auto = await get(
      `/api/v1/metrics/timeseries?metric=calls&from=${iso(base)}&to=${iso(base + 4 * HOUR)}`,
    )
    expect(auto.body.interval).toBe('5m')
    const tooFine = await get(
      `/api/v1/metrics/timeseries?metric=calls&interval=1m&from=${iso(base - 30 * 24 * HOUR)}&to=${iso(base)}`,
    )
    expect(tooFine.status).toBe(400)
    expect((tooFine.body.error as { message: string }).message).toMatch(/"interval"/)
  })

  it('groups by a dimension, keeping the top values and folding the rest into other', async () => {
    const { body } = await get(
      `/api/v1/metrics/timeseries?metric=calls,latencyP50Ms&interval=1d&groupBy=model&limit=1&from=${iso(base)}&to=${iso(base + 4 * HOUR)}`,
    )
    const series = body.series as {
      group: string | null
      other: boolean
      points: Record<string, number | null>[]
    }[]
    expect(series.map((s) => [s.group, s.other, s.points[0]?.calls])).toEqual([
      ['gpt-4o-mini', false, 200],
      [null, true, 20],
    ])
    expect(series[1]?.points[0]?.latencyP50Ms).toBeCloseTo(1000, 0)
  })

  it('lists the metrics and dimensions it knows when given one it does not', async () => {
    const metric = await get('/api/v1/metrics/timeseries?metric=calls,happiness')
    expect(metric.status).toBe(400)
    expect((metric.body.error as { message: string }).message).toMatch(
      /unknown metric "happiness"; available: calls, errors/,
    )
    const dimension = await get('/api/v1/metrics/timeseries?metric=calls&groupBy=colour')
    expect(dimension.status).toBe(400)
    expect((dimension.body.error as { message: string }).message).toMatch(
      /"groupBy".*available: useCase, model/,
    )
  })
})

describe('GET /api/v1/metrics/breakdown', () => {
  it('reports the summary per value, sorted by the metric asked for', async () => {
    const { status, body } = await get(
      `/api/v1/metrics/breakdown?by=useCase&sort=costUsd&from=${iso(base)}&to=${iso(base + 4 * HOUR)}`,
    )
    expect(status).toBe(200)
    const rows = body.rows as { value: string; calls: number; costUsd: number }[]
    expect(rows.map((r) => [r.value, r.calls])).toEqual([
      ['draft', 20],
      ['triage', 200],
    ])
    const ascending = await get(
      `/api/v1/metrics/breakdown?by=useCase&sort=calls&order=asc&from=${iso(base)}&to=${iso(base + 4 * HOUR)}`,
    )
    expect((ascending.body.rows as { value: string }[]).map((r) => r.value)).toEqual(['draft', 'triage'])
  })

  it('breaks down by user from raw calls, with a limit', async () => {
    const { body } = await get(
      `/api/v1/metrics/breakdown?by=user&sort=calls&limit=2&from=${iso(base)}&to=${iso(base + 4 * HOUR)}`,
    )
    const rows = body.rows as { value: string; calls: number }[]
    expect(rows).toHaveLength(2)
    expect(rows.map((r) => r.calls)).toEqual([50, 50])
  })
})

describe('API contract', () => {
  it('publishes an OpenAPI document generated from the route schemas, and its UI', async () => {
    const response = await fetch(`${collector.url}/openapi.json`)
    const document = (await response.json()) as {
      openapi: string
      paths: Record<string, Record<string, { parameters: { name: string }[]; 'x-vigil-scope': string }>>
    }
    expect(document.openapi).toBe('3.1.0')
    const timeseries = document.paths['/api/v1/metrics/timeseries']?.get
    expect(timeseries?.['x-vigil-scope']).toBe('read')
    expect(timeseries?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'metric', 'interval', 'groupBy', 'userId', 'tag']),
    )
    // Every reference resolves inside the document (recursive schemas are hoisted into components).
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? []
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of new Set(refs)) {
      const path = ref.slice(8, -1).replace(/^#\//, '').split('/')
      let node: unknown = document
      for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key]
      expect(node, ref).toBeDefined()
    }
    const docs = await fetch(`${collector.url}/docs`)
    expect(await docs.text()).toContain('/openapi.json')
    const bundle = await fetch(`${collector.url}/docs/swagger-ui-bundle.js`)
    expect(bundle.status).toBe(200)
    expect((await bundle.text()).length).toBeGreaterThan(100_000)
  })
})

describe('oversight metrics', () => {
  const triage = (i: number) => spans[i] as ReturnType<typeof span>
  const draft = (i: number) => spans[200 + i] as ReturnType<typeof span>
  const window = `from=${iso(base)}&to=${iso(base + 4 * HOUR)}`

  beforeAll(async () => {
    // Sent today, about calls of three days ago: they count in the calls' window.
    const signals = [
      // Corrections: 10 of the 200 triage calls (all in the first hour), 5 of the 20 drafts.
      ...Array.from({ length: 10 }, (_, i) => ({
        kind: 'correction',
        idempotencyKey: `ct-${i}`,
        spanId: triage(i).spanId,
        changeRatio: 0.1,
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        kind: 'correction',
        idempotencyKey: `cd-${i}`,
        spanId: draft(i).spanId,
        changeRatio: 0.5,
      })),
      // Thumbs on the drafts: 10 up, 5 down.
      ...Array.from({ length: 15 }, (_, i) => ({
        kind: 'feedback',
        idempotencyKey: `fd-${i}`,
        traceId: draft(i).traceId,
        thumb: i < 10 ? 'up' : 'down',
      })),
      ...[0.5, 0.6, 0.7, 0.8].map((value, i) => ({
        kind: 'score',
        idempotencyKey: `sd-${i}`,
        spanId: draft(i).spanId,
        name: 'relevance',
        value,
      })),
      // A second kind of feedback and a second score name about calls that have one already:
      // coverage counts calls, not items.
      { kind: 'feedback', idempotencyKey: 'rd-0', spanId: draft(0).spanId, rating: 4 },
      { kind: 'score', idempotencyKey: 'fl-0', spanId: draft(0).spanId, name: 'fluency', value: 1 },
    ]
    const response = await fetch(`${collector.url}/api/v1/signals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ signals }),
    })
    expect(response.status).toBe(200)
  })

  it('reports each oversight rate over the calls of the window and of each filter', async () => {
    const all = (await get(`/api/v1/metrics/summary?${window}`)).body
    expect(all).toMatchObject({
      calls: 220,
      corrections: { count: 15, calls: 15, rate: 15 / 220 },
      feedback: {
        count: 16,
        calls: 15,
        coverage: 15 / 220,
        positive: 11,
        positiveRate: 11 / 16,
        ratings: 1,
        meanRating: 4,
      },
      scores: { relevance: { count: 4 }, fluency: { count: 1, mean: 1 } },
      scored: { calls: 4, coverage: 4 / 220 },
    })
    expect((all.corrections as { meanSize: number }).meanSize).toBeCloseTo((10 * 0.1 + 5 * 0.5) / 15, 10)
    const drafts = (await get(`/api/v1/metrics/summary?${window}&useCase=draft`)).body
    expect(drafts.corrections).toMatchObject({ count: 5, rate: 0.25, meanSize: 0.5 })
    expect(drafts.feedback).toMatchObject({ calls: 15, coverage: 15 / 20 })
    expect(drafts.scored).toEqual({ calls: 4, coverage: 4 / 20 })
    const triageCalls = (await get(`/api/v1/metrics/summary?${window}&useCase=triage`)).body
    expect(triageCalls.feedback).toMatchObject({ count: 0, calls: 0, coverage: 0 })
    expect(triageCalls.scored).toEqual({ calls: 0, coverage: 0 })
    const odd = (await get(`/api/v1/metrics/summary?${window}&tag=odd`)).body
    // Triage calls 1, 3, 5, 7, 9 carry the tag "odd": 5 corrected of 100.
    expect(odd.corrections).toMatchObject({ count: 5, calls: 5, rate: 0.05 })
  })

  it('puts oversight metrics in time series buckets by call time, or by signal time', async () => {
    const { status, body } = await get(
      `/api/v1/metrics/timeseries?metric=calls,correctionRate,corrections,positiveRate,score:relevance,scoreCount:relevance,feedbackCoverage,scoreCoverage&interval=1h&${window}`,
    )
    expect(status).toBe(200)
    const points = (body.series as { points: Record<string, number | null>[] }[])[0]?.points ?? []
    expect(points.map((p) => [p.calls, p.corrections, p.correctionRate])).toEqual([
      [120, 10, 10 / 120],
      [80, 0, 0],
      [20, 5, 0.25],
      [0, 0, null],
    ])
    expect(points[2]).toMatchObject({
      positiveRate: 11 / 16,
      'scoreCount:relevance': 4,
      feedbackCoverage: 15 / 20,
      scoreCoverage: 4 / 20,
    })
    expect(points[0]).toMatchObject({ feedbackCoverage: 0, scoreCoverage: 0 })
    expect(points[2]?.['score:relevance']).toBeCloseTo(0.65, 10)
    expect(points[0]?.['score:relevance']).toBeNull()

    // By signal time, the same corrections fall in today's buckets, over calls of any time.
    const today = await get(
      `/api/v1/metrics/timeseries?metric=corrections&interval=1h&timeBasis=signal&from=${iso(Date.now() - HOUR)}&to=${iso(Date.now() + HOUR)}`,
    )
    const todayPoints = (today.body.series as { points: Record<string, number>[] }[])[0]?.points ?? []
    expect(todayPoints.reduce((sum, p) => sum + (p.corrections ?? 0), 0)).toBe(15)
  })

  it('folds oversight metrics into the other series with the call metrics', async () => {
    const { body } = await get(
      `/api/v1/metrics/timeseries?metric=calls,correctionRate&interval=1d&groupBy=model&limit=1&${window}`,
    )
    const series = body.series as { group: string | null; other: boolean; points: Record<string, number>[] }[]
    expect(series.map((s) => [s.group, s.other, s.points[0]?.calls, s.points[0]?.correctionRate])).toEqual([
      ['gpt-4o-mini', false, 200, 10 / 200],
      [null, true, 20, 5 / 20],
    ])
  })

  it('sorts a breakdown by an oversight metric', async () => {
    const desc = await get(`/api/v1/metrics/breakdown?by=useCase&sort=correctionRate&${window}`)
    expect(desc.status).toBe(200)
    const rows = desc.body.rows as { value: string; corrections: { rate: number } }[]
    expect(rows.map((r) => [r.value, r.corrections.rate])).toEqual([
      ['draft', 0.25],
      ['triage', 0.05],
    ])
    const asc = await get(
      `/api/v1/metrics/breakdown?by=useCase&sort=correctionRate&order=asc&limit=1&${window}`,
    )
    expect((asc.body.rows as { value: string }[]).map((r) => r.value)).toEqual(['triage'])
    const byScore = await get(`/api/v1/metrics/breakdown?by=model&sort=score:relevance&${window}`)
    // gpt-4o-mini has no relevance score: last, whatever the order.
    expect((byScore.body.rows as { value: string }[]).map((r) => r.value)).toEqual(['gpt-4o', 'gpt-4o-mini'])
    const byCoverage = await get(
      `/api/v1/metrics/breakdown?by=useCase&sort=feedbackCoverage&order=asc&${window}`,
    )
    expect(
      (byCoverage.body.rows as { value: string; feedback: { coverage: number } }[]).map((r) => [
        r.value,
        r.feedback.coverage,
      ]),
    ).toEqual([
      ['triage', 0],
      ['draft', 15 / 20],
    ])
    const unknown = await get(`/api/v1/metrics/breakdown?by=useCase&sort=happiness&${window}`)
    expect(unknown.status).toBe(400)
    expect((unknown.body.error as { message: string }).message).toMatch(/"sort".*unknown metric "happiness"/)
  })
})
