import { beforeAll, describe, expect, it } from 'vitest'
import { readinessCriteriaStore } from '../packages/collector/src/readiness/readiness-criteria.js'
import { DefinitionStore } from '../packages/collector/src/storage/definition-store.js'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { type Json, useTestCollector } from '../packages/collector/src/testing/test-collector.js'

/**
 * `/api/v1/readiness`: scorecards over calls and signals whose answers are
 * known (constant latencies, counted errors, priced and unpriced models,
 * feedback on a known share of calls), each verdict, two prompt versions side
 * by side, the alert checks, and the criteria's CRUD with its validation.
 */
const ADMIN = 'readiness-admin-key-0123456789'
const collector = useTestCollector({ name: 'readiness-api', apiKey: ADMIN, writer: { lingerMs: 5 } })
let READER: string

const HOUR = 3_600_000
/** 10:00 UTC two days ago: every call sits at a known offset from it. */
const base = Math.floor((Date.now() - 2 * 24 * HOUR) / (24 * HOUR)) * 24 * HOUR + 10 * HOUR
const window = `from=${new Date(base - HOUR).toISOString()}&to=${new Date(base + 3 * HOUR).toISOString()}`

interface CallSpec {
  useCase: string
  promptVersion?: string
  durationMs: number
  model?: string
  errorType?: string
}

function call(spec: CallSpec, i: number) {
  return makeJsonSpan({
    startMs: base + i * 20_000,
    durationMs: spec.durationMs,
    model: spec.model ?? 'gpt-4o-mini',
    useCase: spec.useCase,
    inputTokens: 100,
    outputTokens: 10,
    errorType: spec.errorType,
    extra: spec.promptVersion ? { 'vigil.prompt_version': spec.promptVersion } : {},
  })
}

// support v1: 100 calls of 1 s, no errors. v2: 100 calls of 3 s, 5 of them errors.
const v1 = Array.from({ length: 100 }, (_, i) =>
  call({ useCase: 'support', promptVersion: 'v1', durationMs: 1000 }, i),
)
const v2 = Array.from({ length: 100 }, (_, i) =>
  call(
    { useCase: 'support', promptVersion: 'v2', durationMs: 3000, errorType: i < 5 ? 'timeout' : undefined },
    i,
  ),
)
// A pilot with too few calls to judge rates; a use case nobody declared criteria for, on an unpriced model.
const pilot = Array.from({ length: 20 }, (_, i) => call({ useCase: 'pilot', durationMs: 500 }, i))
const fresh = Array.from({ length: 120 }, (_, i) =>
  call({ useCase: 'fresh', durationMs: 800, model: 'house-model-x' }, i),
)

const supportCriteria = {
  window: '7d',
  minCalls: 50,
  criteria: [
    { metric: 'calls', comparison: '>=', threshold: 50 },
    { metric: 'latencyP95Ms', comparison: '<=', threshold: 2000 },
    { metric: 'errorRate', comparison: '<=', threshold: 0.01 },
    { metric: 'costPerCallUsd', comparison: '<=', threshold: 0.001 },
    { metric: 'feedbackCoverage', comparison: '>=', threshold: 0.05 },
    { name: 'accuracy', metric: 'score:accuracy', comparison: '>=', threshold: 0.8 },
    { metric: 'costCoverage', comparison: '>=', threshold: 0.99 },
  ],
}

const rules = () => new DefinitionStore<Json>(collector.store, 'alert_rules', (value) => value)
const channels = () => new DefinitionStore<Json>(collector.store, 'alert_channels', (value) => value)
const define = (store: DefinitionStore<Json>, id: string, definition: Json) =>
  store.put({ projectId: 'default', id, source: 'api', definition, updatedBy: 'test' })

async function readiness(query: string, key = READER): Promise<Json> {
  const { status, body } = await collector.get(`/api/v1/readiness?${query}`, key)
  expect(status, JSON.stringify(body)).toBe(200)
  return body
}

/** The criteria of a scorecard across areas, by metric (the alert checks by name). */
function byName(scorecard: Json): Record<string, Json> {
  return Object.fromEntries(
    (scorecard.areas as Json[]).flatMap((area) => area.criteria.map((c: Json) => [c.metric ?? c.name, c])),
  )
}

beforeAll(async () => {
  const reader = await collector.call('POST', '/api/v1/keys', ADMIN, { name: 'ci', scopes: ['read'] })
  READER = reader.body.key
  const sent = await collector.call(
    'POST',
    '/v1/traces',
    ADMIN,
    makeJsonTraceRequest([...v1, ...v2, ...pilot, ...fresh]),
  )
  expect(sent.status).toBe(200)
  // Feedback on 10 calls of each version (10 %), accuracy scores on 10 v1 calls only.
  const signals = [
    ...[...v1.slice(0, 10), ...v2.slice(0, 10)].map((span, i) => ({
      kind: 'feedback',
      idempotencyKey: `fb-${i}`,
      spanId: span.spanId,
      thumb: 'up',
    })),
    ...v1.slice(0, 10).map((span, i) => ({
      kind: 'score',
      idempotencyKey: `acc-${i}`,
      spanId: span.spanId,
      name: 'accuracy',
      value: 0.9,
    })),
  ]
  expect((await collector.call('POST', '/api/v1/signals', ADMIN, { signals })).status).toBe(200)
  const put = await collector.call('PUT', '/api/v1/readiness/criteria/support', ADMIN, supportCriteria)
  expect(put.status, JSON.stringify(put.body)).toBe(200)
  const pilotPut = await collector.call('PUT', '/api/v1/readiness/criteria/pilot', ADMIN, {
    criteria: [
      { metric: 'calls', comparison: '>=', threshold: 10 },
      { metric: 'errorRate', comparison: '<=', threshold: 0.01 },
    ],
    operations: { alertsDefined: false, alertsRouted: false },
  })
  expect(pilotPut.status, JSON.stringify(pilotPut.body)).toBe(200)
  // Support is watched: a rule sending to an existing channel. Noise that must not count for "fresh":
  // a disabled rule without filters, and a rule of another use case.
  await define(channels(), 'oncall', { name: 'oncall', type: 'log' })
  await define(rules(), 'support-errors', {
    name: 'support errors',
    metric: 'errorRate',
    filters: { useCase: 'support' },
    channels: ['oncall'],
  })
  await define(rules(), 'everything-off', { name: 'off', enabled: false, filters: {}, channels: ['oncall'] })
})

describe('GET /api/v1/readiness', () => {
  it('is ready when every criterion passes, with each measured value and the data behind it', async () => {
    const card = await readiness(`useCase=support&promptVersion=v1&${window}`)
    expect(card).toMatchObject({
      useCase: 'support',
      criteriaSource: 'api',
      scope: { promptVersion: 'v1' },
      calls: 100,
      verdict: 'ready',
      reasons: ['all 9 criteria pass'],
      counts: { pass: 9, fail: 0, insufficientData: 0 },
      window: { from: new Date(base - HOUR).toISOString(), duration: null },
    })
    const c = byName(card)
    expect(c.latencyP95Ms).toMatchObject({
      area: 'delivery',
      metric: 'latencyP95Ms',
      unit: 'ms',
      comparison: '<=',
      threshold: 2000,
      value: 1000,
      status: 'pass',
      data: {
        calls: 100,
        minCalls: 50,
        filters: { useCase: 'support', promptVersion: 'v1' },
      },
    })
    expect(c.errorRate).toMatchObject({ value: 0, status: 'pass' })
    expect(c.costPerCallUsd?.value).toBeCloseTo((100 * 0.15 + 10 * 0.6) / 1e6, 12)
    expect(c['score:accuracy']).toMatchObject({
      area: 'risk',
      value: expect.closeTo(0.9, 10),
      status: 'pass',
    })
    expect(c.feedbackCoverage).toMatchObject({ area: 'data', value: 0.1, status: 'pass' })
    expect(c.costCoverage).toMatchObject({ area: 'operations', value: 1 })
    expect(c.calls).toMatchObject({ area: 'business_value', value: 100, data: { minCalls: 0 } })
    expect(c['alerts defined']).toMatchObject({
      area: 'operations',
      kind: 'alerts_defined',
      value: 1,
      status: 'pass',
      data: { rules: ['support-errors'] },
    })
    expect(c['alerts routed']).toMatchObject({
      value: 1,
      status: 'pass',
      data: { rules: ['support-errors'] },
    })
    expect((card.areas as Json[]).map((area) => [area.area, area.status])).toEqual([
      ['business_value', 'pass'],
      ['data', 'pass'],
      ['delivery', 'pass'],
      ['risk', 'pass'],
      ['operations', 'pass'],
    ])
  })

  it('is not ready when a criterion fails, naming each failure before what could not be judged', async () => {
    const card = await readiness(`useCase=support&promptVersion=v2&${window}`)
    expect(card).toMatchObject({ verdict: 'not_ready', counts: { pass: 6, fail: 2, insufficientData: 1 } })
    const c = byName(card)
    expect(c.latencyP95Ms).toMatchObject({
      value: 3000,
      status: 'fail',
      message: '3,000 ms; must be ≤ 2,000 ms',
    })
    expect(c.errorRate).toMatchObject({ value: 0.05, status: 'fail' })
    // No v2 call has an accuracy score: no value, so not judged.
    expect(c['score:accuracy']).toMatchObject({
      value: null,
      status: 'insufficient_data',
      data: { calls: 100 },
    })
    expect(card.reasons).toEqual([
      'Delivery · p95 latency: 3,000 ms; must be ≤ 2,000 ms',
      'Delivery · error rate: 5 %; must be ≤ 1 %',
      'Risk · accuracy: not judged: no value over 100 calls',
    ])
    expect(card.areas.find((area: Json) => area.area === 'delivery').status).toBe('fail')
  })

  it('is insufficient data when nothing fails but a criterion has too few calls to judge', async () => {
    const card = await readiness(`useCase=pilot&${window}`)
    expect(card).toMatchObject({
      verdict: 'insufficient_data',
      calls: 20,
      counts: { pass: 1, fail: 0, insufficientData: 1 },
      reasons: ['Delivery · error rate: not judged: 20 calls, fewer than the 100 needed to judge it'],
    })
    // The count of calls is its own evidence: judged whatever minCalls says.
    expect(byName(card).calls).toMatchObject({ value: 20, status: 'pass' })
    expect(card.notes).toEqual([
      'No criteria in the data, risk and operations areas: nothing is judged there',
    ])
  })

  it('judges a use case without declared criteria by the defaults, and says so', async () => {
    const card = await readiness(`useCase=fresh&${window}`)
    expect(card).toMatchObject({ criteriaSource: 'default', calls: 120, verdict: 'not_ready' })
    expect(card.notes[0]).toMatch(
      /No criteria are declared for use case "fresh".*PUT \/api\/v1\/readiness\/criteria\/fresh/,
    )
    const c = byName(card)
    // An unpriced model: no call's cost is known. Nobody gave feedback. No rule covers it.
    expect(c.costCoverage).toMatchObject({ value: 0, status: 'fail' })
    expect(c.feedbackCoverage).toMatchObject({ value: 0, status: 'fail' })
    expect(c.errorRate).toMatchObject({ value: 0, status: 'pass' })
    expect(c['alerts defined']).toMatchObject({ value: 0, status: 'fail' })
    expect(c['alerts routed']).toMatchObject({ value: 0, status: 'fail' })
    expect(card.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Operations · alerts defined: no enabled alert rule/)]),
    )
  })

  it('counts only enabled rules of the use case as alerts, and only rules with an existing channel as routed', async () => {
    await define(rules(), 'fresh-latency', {
      name: 'fresh latency',
      filters: { useCase: 'fresh' },
      channels: ['nowhere'],
    })
    let c = byName(await readiness(`useCase=fresh&${window}`))
    expect(c['alerts defined']).toMatchObject({ status: 'pass', data: { rules: ['fresh-latency'] } })
    expect(c['alerts routed']).toMatchObject({ status: 'fail', value: 0 })
    expect(c['alerts routed'].message).toMatch(/none of the 1 covering rules sends to an existing channel/)
    await define(rules(), 'all-errors', { name: 'all errors', channels: ['oncall'] })
    c = byName(await readiness(`useCase=fresh&${window}`))
    expect(c['alerts defined'].data.rules).toEqual(['all-errors', 'fresh-latency'])
    expect(c['alerts routed']).toMatchObject({ status: 'pass', data: { rules: ['all-errors'] } })
  })

  it('answers 404 saying how to declare criteria for a use case with neither criteria nor calls', async () => {
    const { status, body } = await collector.get(`/api/v1/readiness?useCase=frseh&${window}`, READER)
    expect(status).toBe(404)
    expect(body.error.code).toBe('VIGIL_ERR_UNKNOWN_USE_CASE')
    expect(body.error.message).toMatch(
      /"frseh" has no readiness criteria and no calls.*PUT \/api\/v1\/readiness\/criteria\/frseh/,
    )
    // A declared use case without calls is judged all the same: its volume criterion fails.
    const declared = await readiness(`useCase=pilot&from=${base - 10 * HOUR}&to=${base - 9 * HOUR}`)
    expect(declared).toMatchObject({
      calls: 0,
      verdict: 'not_ready',
      reasons: [
        'Business value · calls: 0; must be ≥ 10',
        'Delivery · error rate: not judged: 0 calls, fewer than the 100 needed to judge it',
      ],
    })
  })

  it('measures over the window asked for, else the criteria’s window ending now', async () => {
    const recent = await readiness('useCase=support&window=1h')
    expect(recent).toMatchObject({ calls: 0, window: { duration: '1h' } })
    expect(Date.parse(recent.window.to) - Date.parse(recent.window.from)).toBe(HOUR)
    const declared = await readiness('useCase=support')
    expect(declared).toMatchObject({ calls: 200, window: { duration: '7d' } })
  })

  it('refuses bad parameters, naming them', async () => {
    const cases: [string, RegExp][] = [
      ['useCase=support&window=7x', /"window": "7x" is not a duration/],
      ['useCase=support&window=365d', /"window": must be between 1m and 90d/],
      [`useCase=support&window=1d&${window}`, /"window": give either "window" or "from"/],
      ['window=1d', /"useCase"/],
      ['useCase=support&colour=blue', /Unknown query parameter "colour"/],
      [`useCase=support&from=${base}&to=${base - HOUR}`, /"from": must be before "to"/],
    ]
    for (const [query, message] of cases) {
      const { status, body } = await collector.get(`/api/v1/readiness?${query}`, READER)
      expect(status, query).toBe(400)
      expect(body.error.message, query).toMatch(message)
    }
  })
})

describe('the readiness routes in /openapi.json', () => {
  it('declares each route with the scope it needs', async () => {
    const { body } = await collector.get('/openapi.json')
    const scopes = (path: string) =>
      Object.fromEntries(
        Object.entries(body.paths[path] ?? {}).map(([method, op]) => [method, (op as Json)['x-vigil-scope']]),
      )
    expect(scopes('/api/v1/readiness')).toEqual({ get: 'read' })
    expect(scopes('/api/v1/readiness/compare')).toEqual({ get: 'read' })
    expect(scopes('/api/v1/readiness/criteria')).toEqual({ get: 'read' })
    expect(scopes('/api/v1/readiness/criteria/{useCase}')).toEqual({
      get: 'read',
      put: 'admin',
      delete: 'admin',
    })
  })
})

describe('GET /api/v1/readiness/compare', () => {
  it('judges each prompt version by the same criteria, side by side', async () => {
    const { status, body } = await collector.get(
      `/api/v1/readiness/compare?useCase=support&dimension=promptVersion&values=v1,v2&${window}`,
      READER,
    )
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body.dimension).toBe('promptVersion')
    expect(body.variants.map((v: Json) => [v.value, v.scorecard.verdict, v.scorecard.calls])).toEqual([
      ['v1', 'ready', 100],
      ['v2', 'not_ready', 100],
    ])
    const latency = body.variants.map((v: Json) => byName(v.scorecard).latencyP95Ms)
    expect(latency.map((c: Json) => [c.value, c.status, c.data.filters.promptVersion])).toEqual([
      [1000, 'pass', 'v1'],
      [3000, 'fail', 'v2'],
    ])
  })

  it('refuses a comparison without two distinct values, or filtered on the dimension it compares', async () => {
    const cases: [string, RegExp][] = [
      ['dimension=promptVersion&values=v1', /"values": give 2 to 5 values/],
      ['dimension=promptVersion&values=v1,v1', /"values": must not repeat a value/],
      ['dimension=colour&values=a,b', /"dimension": unknown dimension; available: promptVersion, model/],
      [
        'dimension=promptVersion&values=v1,v2&promptVersion=v1',
        /"promptVersion": it is the dimension compared/,
      ],
    ]
    for (const [query, message] of cases) {
      const { status, body } = await collector.get(
        `/api/v1/readiness/compare?useCase=support&${query}`,
        READER,
      )
      expect(status, query).toBe(400)
      expect(body.error.message, query).toMatch(message)
    }
  })
})

describe('/api/v1/readiness/criteria', () => {
  const put = (useCase: string, body: unknown, key = ADMIN) =>
    collector.call('PUT', `/api/v1/readiness/criteria/${encodeURIComponent(useCase)}`, key, body)

  it('lists the declared criteria with defaults applied, and the defaults for the others', async () => {
    const { status, body } = await collector.get('/api/v1/readiness/criteria', READER)
    expect(status).toBe(200)
    expect(body.criteria.map((entry: Json) => [entry.useCase, entry.source])).toEqual([
      ['pilot', 'api'],
      ['support', 'api'],
    ])
    const pilotEntry = body.criteria[0]
    expect(pilotEntry.definition).toMatchObject({
      useCase: 'pilot',
      window: '7d',
      minCalls: 100,
      criteria: [{ metric: 'calls', filters: {} }, { metric: 'errorRate' }],
    })
    expect(body.defaults.criteria.map((c: Json) => c.metric)).toEqual([
      'calls',
      'feedbackCoverage',
      'errorRate',
      'latencyP95Ms',
      'fallbackRate',
      'correctionRate',
      'escalationRate',
      'costCoverage',
    ])
    expect(body.defaults.operations).toEqual({ alertsDefined: true, alertsRouted: true })
  })

  it('refuses invalid criteria with the field that is wrong, and stores nothing', async () => {
    const valid = { metric: 'errorRate', comparison: '<=', threshold: 0.01 }
    const cases: [unknown, RegExp][] = [
      [
        { criteria: [{ ...valid, metric: 'happiness' }] },
        /Invalid field "criteria\[0\]\.metric": unknown metric "happiness"/,
      ],
      [
        { criteria: [{ ...valid, comparison: '=' }] },
        /Invalid field "criteria\[0\]\.comparison": unknown comparison/,
      ],
      [{ criteria: [{ ...valid, threshold: 'low' }] }, /Invalid field "criteria\[0\]\.threshold"/],
      [
        { criteria: [{ ...valid, area: 'fun' }] },
        /Invalid field "criteria\[0\]\.area": unknown area; available: business_value/,
      ],
      [{ criteria: [{ ...valid, minCalls: -1 }] }, /Invalid field "criteria\[0\]\.minCalls"/],
      [
        { criteria: [{ ...valid, filters: { useCase: 'other' } }] },
        /Invalid field "criteria\[0\]\.filters\.useCase": must be "new-one" \(the use case these criteria are for\)/,
      ],
      [
        { criteria: [valid, valid] },
        /Invalid field "criteria\[1\]\.name": another criterion is named "error rate"/,
      ],
      [{ criteria: [] }, /Invalid field "criteria": declare at least one criterion/],
      [{ window: '7x', criteria: [valid] }, /Invalid field "window": "7x" is not a duration/],
      [{ criteria: [valid], operations: { pager: true } }, /Unknown field "operations\.pager"/],
      [{ criteria: [valid], colour: 'blue' }, /Unknown field "colour"/],
      [{ useCase: 'other', criteria: [valid] }, /Invalid field "useCase": must be "new-one"/],
    ]
    for (const [body, message] of cases) {
      const answer = await put('new-one', body)
      expect(answer.status, JSON.stringify(body)).toBe(400)
      expect(answer.body.error.code).toBe('VIGIL_ERR_INVALID_BODY')
      expect(answer.body.error.message).toMatch(message)
    }
    expect((await collector.get('/api/v1/readiness/criteria/new-one', READER)).status).toBe(404)
  })

  it('declares, replaces and deletes criteria with an admin key, recording each change', async () => {
    expect(
      (await put('triage', { criteria: [{ metric: 'calls', comparison: '>=', threshold: 1 }] }, READER))
        .status,
    ).toBe(403)
    const first = await put('triage', { criteria: [{ metric: 'calls', comparison: '>=', threshold: 1 }] })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ useCase: 'triage', source: 'api', definition: { window: '7d' } })
    const second = await put('triage', {
      useCase: 'triage',
      window: '14d',
      criteria: [{ name: 'volume', metric: 'calls', comparison: '>=', threshold: 5, area: 'data' }],
    })
    expect(second.status).toBe(200)
    const stored = await collector.get('/api/v1/readiness/criteria/triage', READER)
    expect(stored.body.definition).toMatchObject({
      window: '14d',
      criteria: [{ name: 'volume', area: 'data' }],
    })
    expect((await collector.call('DELETE', '/api/v1/readiness/criteria/triage', READER)).status).toBe(403)
    const deleted = await collector.call('DELETE', '/api/v1/readiness/criteria/triage', ADMIN)
    expect(deleted).toEqual({ status: 200, body: { useCase: 'triage', deleted: true } })
    const gone = await collector.get('/api/v1/readiness/criteria/triage', READER)
    expect(gone.status).toBe(404)
    expect(gone.body.error.message).toMatch(/Vigil's defaults apply/)
    expect((await collector.call('DELETE', '/api/v1/readiness/criteria/triage', ADMIN)).status).toBe(404)
    const audit = await collector.get('/api/v1/audit?action=readiness.*', ADMIN)
    const triage = (audit.body.entries as Json[]).filter((entry) => entry.target === 'triage')
    expect(triage.map((entry) => [entry.action, entry.details])).toEqual([
      ['readiness.delete', { criteria: 1 }],
      ['readiness.set', { window: '14d', criteria: 1 }],
      ['readiness.set', { window: '7d', criteria: 1 }],
    ])
  })

  it('keeps criteria from the config file read-only through the API', async () => {
    await readinessCriteriaStore(collector.store).put({
      projectId: 'default',
      id: 'from-file',
      source: 'file',
      definition: {
        useCase: 'from-file',
        window: '7d',
        minCalls: 100,
        criteria: [{ metric: 'calls', filters: {}, comparison: '>=', threshold: 1 }],
        operations: { alertsDefined: true, alertsRouted: true },
      },
      updatedBy: 'vigil.config.yaml',
    })
    const replaced = await put('from-file', {
      criteria: [{ metric: 'calls', comparison: '>=', threshold: 2 }],
    })
    expect(replaced.status).toBe(409)
    expect(replaced.body.error).toMatchObject({ code: 'VIGIL_ERR_DEFINED_IN_FILE' })
    expect(replaced.body.error.message).toMatch(/"from-file" comes from the config file/)
    const deleted = await collector.call('DELETE', '/api/v1/readiness/criteria/from-file', ADMIN)
    expect(deleted.status).toBe(409)
    const card = await readiness(`useCase=from-file&${window}`)
    expect(card.criteriaSource).toBe('file')
  })
})
