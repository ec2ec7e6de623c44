import { FakeLlmServer, withOpenAiRoutes } from '@vigil/fake-llm'
import {
  type CallIds,
  changeRatio,
  flush,
  getCallIds,
  getStats,
  init,
  observe,
  observeOpenAI,
  recordCorrection,
  recordEscalation,
  recordFeedback,
  recordScore,
  shutdown,
  withContext,
} from '@vigil/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { type Json, useTestCollector } from '../packages/collector/src/testing/test-collector.js'

/**
 * Human-oversight signals from an app (the SDK, after real calls through the
 * OpenAI client and the fake LLM) and from a ticketing system (the HTTP API,
 * with an ingest-only key) reach the summary as rates that match what was
 * sent: late signals count in their call's window, re-sent ones once, ones
 * about unknown calls as orphaned, and another project's key changes nothing here.
 */
const KEY = 'signals-e2e-key-0123456789'
const TICKETING = 'signals-e2e-ticketing-0123456789'
const READER = 'signals-e2e-reader-0123456789'
const OTHER_PROJECT = 'signals-e2e-other-0123456789'
const collector = useTestCollector({
  name: 'signals-e2e',
  apiKey: KEY,
  writer: { lingerMs: 10 },
  keys: [
    { key: TICKETING, projectId: 'default', scopes: ['ingest'] },
    { key: READER, projectId: 'default', scopes: ['read'] },
    { key: OTHER_PROJECT, projectId: 'other', scopes: ['ingest', 'read'] },
  ],
})
let llm: FakeLlmServer
const DAY = 86_400_000

/** Reply drafts for tickets T-1 … T-6 (one call each), and triage of T-1 and T-2. */
const replies: CallIds[] = []
const drafts: string[] = []
const threeDaysAgo = Date.now() - 3 * DAY
const oldCall = makeJsonSpan({ startMs: threeDaysAgo, useCase: 'reply-draft', inputTokens: 5 })
let started: number

beforeAll(async () => {
  started = Date.now()
  llm = withOpenAiRoutes(new FakeLlmServer())
  await llm.listen()
  init({ endpoint: collector.url, apiKey: KEY, serviceName: 'support-app', scheduledDelayMillis: 50 })
  const openai = observeOpenAI(new OpenAI({ baseURL: `${llm.url}/v1`, apiKey: 'test', maxRetries: 0 }))
  for (let i = 1; i <= 6; i++) {
    const completion = await withContext({ useCase: 'reply-draft', subjectId: `T-${i}` }, () =>
      openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `Ticket ${i}: where is my refund?` }],
      }),
    )
    const ids = getCallIds(completion)
    if (!ids) throw new Error('no ids for a completion')
    replies.push(ids)
    drafts.push(completion.choices[0]?.message.content ?? '')
  }
  for (const ticket of ['T-1', 'T-2']) {
    await withContext({ useCase: 'ticket-triage', subjectId: ticket }, () =>
      observe({ provider: 'openai', model: 'gpt-4o-mini' }, async (call) => {
        call.setUsage({ inputTokens: 100, outputTokens: 5 })
        return { category: 'billing' }
      }),
    )
  }
  const old = await collector.call('POST', '/v1/traces', KEY, makeJsonTraceRequest([oldCall]))
  expect(old.status).toBe(200)
  expect(await flush()).toBe(true)
})

afterAll(async () => {
  await shutdown()
  await llm?.close()
})

const at = (i: number) => replies[i] as CallIds

async function post(key: string, body: unknown) {
  return collector.call('POST', '/api/v1/signals', key, body)
}

async function summary(params: Record<string, string | number> = {}, key = KEY): Promise<Json> {
  const query = { from: started - 60_000, to: Date.now() + 1000, ...params }
  const { status, body } = await collector.get(
    `/api/v1/metrics/summary?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`,
    key,
  )
  expect(status, JSON.stringify(body)).toBe(200)
  return body
}

describe('signals from the SDK and from a ticketing system, in the summary', () => {
  const corrected = 'Hello, your refund was sent today. Regards, Sam'

  beforeAll(async () => {
    // The app: an agent edits two drafts (one recorded twice, under one key), users react, a judge scores.
    recordCorrection({ ...at(0), original: drafts[0], corrected, author: 'agent-7' })
    recordCorrection({ ...at(1), changeRatio: 0.5, idempotencyKey: 'T-2:edit' })
    recordCorrection({ ...at(1), changeRatio: 0.9, idempotencyKey: 'T-2:edit' })
    recordFeedback({ ...at(2), thumb: 'up' })
    recordFeedback({ ...at(3), thumb: 'down', comment: 'Did not answer my question' })
    recordFeedback({ ...at(4), rating: 5 })
    recordFeedback({ ...at(5), rating: 2 })
    recordScore({ ...at(0), name: 'accuracy', value: 0.9, source: 'model' })
    recordScore({ ...at(1), name: 'accuracy', value: 0.7, source: 'model' })
    // Triage of T-1 was handed to a person: the subject names it, the use case narrows it to the triage call.
    recordEscalation({ subjectId: 'T-1', useCase: 'ticket-triage', reason: 'low_confidence' })
    // About a ticket Vigil never saw a call for.
    recordScore({ subjectId: 'T-404', name: 'accuracy', value: 0 })
    expect(await flush()).toBe(true)
    expect(getStats()).toMatchObject({ signalsRecorded: 11, signalsInvalid: 0, signalsFailed: 0 })

    // The ticketing system, by webhook, with a key that can only send.
    const outcomes = [
      ...[1, 2, 3, 4].map((i) => ({
        kind: 'outcome',
        idempotencyKey: `T-${i}:resolved`,
        subjectId: `T-${i}`,
        useCase: 'reply-draft',
        name: 'ticket_resolved',
      })),
      { kind: 'outcome', idempotencyKey: 'T-1:minutes', subjectId: 'T-1', name: 'minutes_saved', value: 12 },
      { kind: 'outcome', idempotencyKey: 'T-2:minutes', subjectId: 'T-2', name: 'minutes_saved', value: 8 },
      // Days after the call: counts toward the call's window all the same.
      {
        kind: 'correction',
        idempotencyKey: 'T-6:late-edit',
        spanId: at(5).spanId,
        changeRatio: 1,
        time: new Date(Date.now() + 3 * DAY).toISOString(),
      },
      // Feedback today on a call of three days ago.
      { kind: 'feedback', idempotencyKey: 'old:thumb', spanId: oldCall.spanId, thumb: 'down' },
      // A call id nobody knows: stored, reported as orphaned.
      { kind: 'feedback', idempotencyKey: 'ghost:thumb', spanId: 'abcdefabcdefabcd', thumb: 'up' },
    ]
    const first = await post(TICKETING, { signals: outcomes })
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body.accepted).toBe(outcomes.length)
    // The webhook fires again: same keys, nothing counted twice.
    expect((await post(TICKETING, { signals: outcomes })).status).toBe(200)
    expect((await post(TICKETING, outcomes[0])).status).toBe(200)
  })

  it('reports correction, feedback, score, escalation and outcome rates over the calls of the window', async () => {
    const s = await summary()
    expect(s.calls).toBe(8)
    const firstRatio = changeRatio(drafts[0] ?? '', corrected)
    // Corrections of calls 0, 1 (sent twice under one key: the first counts) and 5 (late).
    expect(s.corrections).toEqual({
      count: 3,
      calls: 3,
      rate: 3 / 8,
      meanSize: expect.closeTo((firstRatio + 0.5 + 1) / 3, 10),
    })
    // up, down, 5, 2 on calls 2–5: positive = up and 5; ratings 5 and 2.
    expect(s.feedback).toEqual({
      count: 4,
      calls: 4,
      coverage: 4 / 8,
      positive: 2,
      positiveRate: 0.5,
      ratings: 2,
      meanRating: 3.5,
    })
    expect(s.escalations).toEqual({ count: 1, calls: 1, rate: 1 / 8 })
    expect(s.scores).toEqual({ accuracy: { count: 2, mean: expect.closeTo(0.8, 10) } })
    // Calls 0 and 1 (the T-404 score is about no call).
    expect(s.scored).toEqual({ calls: 2, coverage: 2 / 8 })
    expect(s.outcomes).toEqual({
      ticket_resolved: { count: 4, sum: 4 },
      minutes_saved: { count: 2, sum: 20 },
    })
    // Dated in the window: 10 from the SDK (the repeat counts once) + 8 from the webhook (not the late one).
    expect(s.signals).toEqual({ received: 18, orphaned: 2 })
  })

  it('narrows subjects to the use case a signal names, and filters by the calls’ use case', async () => {
    const drafting = await summary({ useCase: 'reply-draft' })
    expect(drafting.calls).toBe(6)
    expect(drafting.escalations).toEqual({ count: 0, calls: 0, rate: 0 })
    expect(drafting.outcomes).toEqual({
      ticket_resolved: { count: 4, sum: 4 },
      minutes_saved: { count: 2, sum: 20 },
    })
    const triage = await summary({ useCase: 'ticket-triage' })
    expect(triage.calls).toBe(2)
    expect(triage.escalations).toEqual({ count: 1, calls: 1, rate: 0.5 })
    // A subject signal without a use case is about every call of the subject.
    expect(triage.outcomes).toEqual({ minutes_saved: { count: 2, sum: 20 } })
    expect(triage.corrections.rate).toBe(0)
  })

  it('counts late signals in their call’s window by default, and in their own with timeBasis=signal', async () => {
    const then = await summary({ from: threeDaysAgo - 60_000, to: threeDaysAgo + 60_000 })
    expect(then.calls).toBe(1)
    expect(then.feedback).toMatchObject({ count: 1, positive: 0, positiveRate: 0 })

    const today = await summary({ timeBasis: 'signal' })
    // Today's signals, whatever their call's time: the old call's thumb in, the dated-ahead correction out.
    expect(today.feedback.count).toBe(5)
    expect(today.corrections.count).toBe(2)

    const later = await summary({
      from: Date.now() + 3 * DAY - 60_000,
      to: Date.now() + 3 * DAY + 60_000,
      timeBasis: 'signal',
    })
    expect(later.calls).toBe(0)
    expect(later.corrections).toEqual({ count: 1, calls: 1, rate: null, meanSize: 1 })
  })

  it('never lets another project’s key attach signals to this project’s calls', async () => {
    const before = await summary()
    const foreign = await post(OTHER_PROJECT, {
      signals: [
        { kind: 'correction', idempotencyKey: 'x-1', spanId: at(2).spanId, changeRatio: 1 },
        { kind: 'escalation', idempotencyKey: 'x-2', subjectId: 'T-2', reason: 'takeover' },
        { kind: 'outcome', idempotencyKey: 'T-1:resolved', traceId: at(0).traceId, name: 'ticket_resolved' },
      ],
    })
    expect(foreign.status).toBe(200)
    expect(await summary()).toEqual({ ...before, to: expect.any(String) })
    // They are the other project's: about none of its calls.
    const theirs = await summary({}, OTHER_PROJECT)
    expect(theirs).toMatchObject({ calls: 0, signals: { received: 3, orphaned: 3 } })
    expect(theirs.corrections.count).toBe(0)
  })

  it('lets only keys with the ingest scope send, and the ingest-only key not read', async () => {
    const signal = { kind: 'feedback', idempotencyKey: 'r-1', spanId: at(0).spanId, thumb: 'up' }
    const reader = await post(READER, signal)
    expect(reader.status).toBe(403)
    expect(reader.body.error.message).toMatch(/"ingest" scope/)
    expect((await collector.get('/api/v1/metrics/summary', TICKETING)).status).toBe(403)
    expect((await post('not-a-key-0123456789', signal)).status).toBe(401)
  })
})
