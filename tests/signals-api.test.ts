import { beforeAll, describe, expect, it } from 'vitest'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { type Json, useTestCollector } from '../packages/collector/src/testing/test-collector.js'

/**
 * `POST /api/v1/signals`, the way in for systems that are not the app: every
 * field checked (400 naming it), a batch stored whole or not at all, one
 * signal or many, and the route described in the OpenAPI document.
 */
const KEY = 'signals-api-key-0123456789'
const collector = useTestCollector({ name: 'signals-api', apiKey: KEY, writer: { lingerMs: 5 } })
const since = Date.now() - 60_000
const call = makeJsonSpan({ startMs: Date.now() - 10_000, useCase: 'api-path' })

const post = (body: unknown) => collector.call('POST', '/api/v1/signals', KEY, body)

async function summary(): Promise<Json> {
  const { status, body } = await collector.get(
    `/api/v1/metrics/summary?from=${since}&to=${Date.now() + 60_000}&useCase=api-path`,
    KEY,
  )
  expect(status).toBe(200)
  return body
}

const feedback = (key: string, extra: Record<string, unknown> = {}) => ({
  kind: 'feedback',
  idempotencyKey: key,
  spanId: call.spanId,
  thumb: 'up',
  ...extra,
})

beforeAll(async () => {
  expect((await collector.call('POST', '/v1/traces', KEY, makeJsonTraceRequest([call]))).status).toBe(200)
})

describe('POST /api/v1/signals', () => {
  it('takes one signal or a batch, and answers with the keys it stored', async () => {
    const one = await post(feedback('one'))
    expect(one).toEqual({
      status: 200,
      body: { accepted: 1, signals: [{ kind: 'feedback', idempotencyKey: 'one' }] },
    })
    const batch = await post({
      signals: [
        {
          kind: 'score',
          idempotencyKey: 'two',
          traceId: call.traceId.toUpperCase(),
          name: 'accuracy',
          value: 0.5,
        },
        { kind: 'outcome', idempotencyKey: 'two', traceId: call.traceId, name: 'revenue', value: 120.5 },
        { kind: 'escalation', idempotencyKey: 'three', spanId: call.spanId, reason: 'legal question' },
      ],
    })
    expect(batch.body.accepted).toBe(3)
    const s = await summary()
    // One key per kind: a score and an outcome may share one.
    expect(s).toMatchObject({
      feedback: { count: 1 },
      scores: { accuracy: { count: 1, mean: 0.5 } },
      outcomes: { revenue: { count: 1, sum: 120.5 } },
      escalations: { count: 1, rate: 1 },
    })
  })

  it('names the bad field and stores nothing of a batch with one bad signal', async () => {
    const before = await summary()
    const cases: [unknown, RegExp][] = [
      [
        {
          signals: [
            feedback('b0'),
            feedback('b1'),
            feedback('b2'),
            { kind: 'score', idempotencyKey: 'b3', spanId: call.spanId, name: 'a', value: 'high' },
          ],
        },
        /Invalid field "signals\[3\]\.value": .*expected number/,
      ],
      [
        { kind: 'score', idempotencyKey: 's', spanId: call.spanId, name: 'a', value: 'high' },
        /Invalid field "value"/,
      ],
      [feedback('f', { thumb: undefined, rating: 6 }), /Invalid field "rating"/],
      [feedback('f', { rating: 3 }), /Invalid field "thumb": give either thumb or rating/],
      [
        feedback('f', { spanId: undefined }),
        /Invalid field "spanId": a signal needs a spanId, traceId or subjectId/,
      ],
      [feedback('f', { spanId: 'not-hex' }), /Invalid field "spanId": must be 16 hex digits/],
      [feedback('f', { traceId: '123' }), /Invalid field "traceId": must be 32 hex digits/],
      [feedback('f', { time: 'yesterday' }), /Invalid field "time"/],
      [feedback('f', { time: '1990-01-01T00:00:00Z' }), /Invalid field "time": must be 2001…2262/],
      [feedback('f', { colour: 'blue' }), /Unknown field "colour"/],
      [{ ...feedback('f'), idempotencyKey: undefined }, /Invalid field "idempotencyKey"/],
      [
        { kind: 'applause', idempotencyKey: 'x', spanId: call.spanId },
        /Invalid field "kind": unknown kind; available: correction, feedback, score, escalation, outcome/,
      ],
      [
        { kind: 'correction', idempotencyKey: 'c', spanId: call.spanId, changeRatio: 2 },
        /Invalid field "changeRatio"/,
      ],
      [
        { kind: 'score', idempotencyKey: 's', spanId: call.spanId, name: 'a', value: 1, source: 'crowd' },
        /Invalid field "source"/,
      ],
      [{ signals: [] }, /Invalid field "signals"/],
      [{ signals: Array.from({ length: 1001 }, (_, i) => feedback(`m${i}`)) }, /Invalid field "signals"/],
      [[feedback('array')], /Invalid field "body"|expected object/],
    ]
    for (const [body, message] of cases) {
      const { status, body: answer } = await post(body)
      expect(status, JSON.stringify(body).slice(0, 200)).toBe(400)
      expect(answer.error.code).toBe('VIGIL_ERR_INVALID_BODY')
      expect(answer.error.message).toMatch(message)
    }
    expect(await summary()).toEqual({ ...before, to: expect.any(String) })
    // The valid signals of the refused batch were not stored: sent now, they count.
    expect((await post({ signals: [feedback('b0'), feedback('b1')] })).status).toBe(200)
    expect((await summary()).feedback.count).toBe(before.feedback.count + 2)
  })

  it('counts a key once, whatever time or value a re-send carries (the first stays)', async () => {
    const before = (await summary()).scores.speed?.count ?? 0
    const score = { kind: 'score', idempotencyKey: 'speed-1', spanId: call.spanId, name: 'speed', value: 1 }
    expect((await post(score)).status).toBe(200)
    expect(
      (await post({ ...score, value: 0, time: new Date(Date.now() - 3_600_000).toISOString() })).status,
    ).toBe(200)
    expect((await post({ signals: [score, score] })).status).toBe(200)
    expect((await summary()).scores.speed).toEqual({ count: before + 1, mean: 1 })
  })

  it('finds a re-sent key in storage too, after a restart emptied the writer’s memory', async () => {
    const score = { kind: 'score', idempotencyKey: 'pace-1', spanId: call.spanId, name: 'pace', value: 1 }
    expect((await post(score)).status).toBe(200)
    await collector.restart()
    expect(
      (await post({ ...score, value: 0, time: new Date(Date.now() - 86_400_000).toISOString() })).status,
    ).toBe(200)
    expect((await summary()).scores.pace).toEqual({ count: 1, mean: 1 })
    const stored = await collector.store.client.query({
      query: `SELECT count() AS n FROM ${collector.store.table('signals')} WHERE idempotency_key = 'pace-1'`,
      format: 'JSONEachRow',
    })
    expect((await stored.json<{ n: string | number }>()).map((row) => Number(row.n))).toEqual([1])
  })

  it('shows the signals attached to a call in its detail, once each, oldest first', async () => {
    const { status, body } = await collector.get(`/api/v1/calls/${call.spanId}`, KEY)
    expect(status).toBe(200)
    const signals = body.signals as {
      kind: string
      idempotencyKey: string
      name: string | null
      value: number | null
    }[]
    const keys = signals.map((signal) => `${signal.kind}:${signal.idempotencyKey}`)
    // by span id (feedback, escalation) and by trace id (score, outcome); a re-sent key shows once
    expect(keys).toEqual(
      expect.arrayContaining(['feedback:one', 'score:two', 'outcome:two', 'escalation:three']),
    )
    expect(new Set(keys).size).toBe(keys.length)
    expect(signals.find((signal) => signal.kind === 'outcome')).toMatchObject({
      name: 'revenue',
      value: 120.5,
    })
    // A call nothing was said about has none.
    const other = makeJsonSpan({ startMs: Date.now() - 5_000, useCase: 'no-signals' })
    expect((await collector.call('POST', '/v1/traces', KEY, makeJsonTraceRequest([other]))).status).toBe(200)
    expect((await collector.get(`/api/v1/calls/${other.spanId}`, KEY)).body.signals).toEqual([])
  })

  it('stores hostile text as text', async () => {
    const hostile = ["' OR 1=1 --", "x'); DROP TABLE vigil.signals; --", '{projectId:String}', '\\']
    const { status } = await post({
      signals: hostile.map((text, i) => ({
        kind: 'escalation',
        idempotencyKey: text,
        subjectId: text,
        useCase: text,
        author: text,
        reason: `${text} ${i}`,
      })),
    })
    expect(status).toBe(200)
    const everything = await collector.get(
      `/api/v1/metrics/summary?from=${since}&to=${Date.now() + 60_000}`,
      KEY,
    )
    expect(everything.body.signals.orphaned).toBeGreaterThanOrEqual(hostile.length)
    expect((await summary()).calls).toBe(1)
  })

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(`${collector.url}/api/v1/signals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: '{"kind": "feedback",',
    })
    expect(response.status).toBe(400)
  })

  it('is described in the OpenAPI document, with its scope and body', async () => {
    const { body } = await collector.get('/openapi.json')
    const route = body.paths['/api/v1/signals']?.post
    expect(route['x-vigil-scope']).toBe('ingest')
    const schema = JSON.stringify(route.requestBody)
    for (const field of ['idempotencyKey', 'changeRatio', 'thumb', 'rating', 'reason', 'subjectId'])
      expect(schema).toContain(field)
    const summaryDoc = JSON.stringify(body.paths['/api/v1/metrics/summary'].get.responses['200'])
    expect(summaryDoc).toContain('Calls with at least one correction / calls')
    expect(summaryDoc).toContain('Positive feedback (a thumb up, or a rating of 4 or 5) / feedback')
  })
})
