import { afterEach, describe, expect, it } from 'vitest'
import {
  ATTR_VIGIL_CORRECTION_CHANGE_RATIO,
  ATTR_VIGIL_CORRECTION_TEXT,
  ATTR_VIGIL_ESCALATION_REASON,
  ATTR_VIGIL_FEEDBACK_COMMENT,
  ATTR_VIGIL_FEEDBACK_RATING,
  ATTR_VIGIL_FEEDBACK_THUMB,
  ATTR_VIGIL_OUTCOME_NAME,
  ATTR_VIGIL_OUTCOME_VALUE,
  ATTR_VIGIL_SCORE_NAME,
  ATTR_VIGIL_SCORE_SOURCE,
  ATTR_VIGIL_SCORE_VALUE,
  ATTR_VIGIL_SIGNAL_AUTHOR,
  ATTR_VIGIL_SIGNAL_KEY,
  ATTR_VIGIL_SUBJECT_ID,
  ATTR_VIGIL_USE_CASE,
} from './attributes.js'
import { getCallIds } from './call-ids-of-result.js'
import { getCurrentCallIds, withContext } from './context.js'
import { InMemorySignalSink } from './in-memory-signal-sink.js'
import { InMemorySpanExporter } from './in-memory-span-exporter.js'
import { flush, getStats, init, shutdown } from './init.js'
import type { InitOptions } from './init-options.js'
import { observe } from './observe.js'
import type { SignalRecord } from './signal-record.js'
import { recordCorrection, recordEscalation, recordFeedback, recordOutcome, recordScore } from './signals.js'
import { createCaptureLogger } from './test-support/capture-logger.js'
import { makeMeta } from './test-support/fixtures.js'

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736'
const SPAN = '00f067aa0ba902b7'

let sink = new InMemorySignalSink()
let logger = createCaptureLogger()

function setUp(options: InitOptions = {}): void {
  sink = new InMemorySignalSink()
  logger = createCaptureLogger()
  init({ exporter: new InMemorySpanExporter(), signalSink: sink, logger, ...options })
}

async function records(): Promise<SignalRecord[]> {
  expect(await flush()).toBe(true)
  return sink.getRecords()
}

afterEach(async () => {
  await shutdown()
})

describe('record… functions', () => {
  it('send each kind as a vigil.signal.<kind> record with its attributes', async () => {
    setUp()
    const target = { traceId: TRACE, spanId: SPAN, author: 'agent-7' }
    recordCorrection({ ...target, changeRatio: 0.25 })
    recordFeedback({ ...target, rating: 4 })
    recordScore({ ...target, name: 'relevance', value: 0.8, source: 'model' })
    recordEscalation({ ...target, reason: 'low_confidence' })
    recordOutcome({ ...target, name: 'minutes_saved', value: 12 })
    const sent = await records()
    expect(sent.map((r) => r.eventName)).toEqual([
      'vigil.signal.correction',
      'vigil.signal.feedback',
      'vigil.signal.score',
      'vigil.signal.escalation',
      'vigil.signal.outcome',
    ])
    for (const record of sent) {
      expect(record).toMatchObject({ traceId: TRACE, spanId: SPAN })
      expect(record.attributes[ATTR_VIGIL_SIGNAL_AUTHOR]).toBe('agent-7')
      expect(record.attributes[ATTR_VIGIL_SIGNAL_KEY]).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(sent.map((r) => r.attributes)).toMatchObject([
      { [ATTR_VIGIL_CORRECTION_CHANGE_RATIO]: 0.25 },
      { [ATTR_VIGIL_FEEDBACK_RATING]: 4 },
      {
        [ATTR_VIGIL_SCORE_NAME]: 'relevance',
        [ATTR_VIGIL_SCORE_VALUE]: 0.8,
        [ATTR_VIGIL_SCORE_SOURCE]: 'model',
      },
      { [ATTR_VIGIL_ESCALATION_REASON]: 'low_confidence' },
      { [ATTR_VIGIL_OUTCOME_NAME]: 'minutes_saved', [ATTR_VIGIL_OUTCOME_VALUE]: 12 },
    ])
    expect(getStats()).toMatchObject({ signalsRecorded: 5, signalsExported: 5, signalsInvalid: 0 })
  })

  it('take the ids of the call in progress, and the subject and use case of the context', async () => {
    setUp()
    let inside: ReturnType<typeof getCurrentCallIds>
    await withContext({ subjectId: 'ticket-1', useCase: 'reply-draft' }, () =>
      observe(makeMeta(), async () => {
        inside = getCurrentCallIds()
        recordFeedback({ thumb: 'down' })
        return 'ok'
      }),
    )
    withContext({ subjectId: 'ticket-2' }, () => recordOutcome({ name: 'ticket_resolved' }))
    const [feedback, outcome] = await records()
    expect(feedback).toMatchObject({ traceId: inside?.traceId, spanId: inside?.spanId })
    expect(feedback?.attributes).toMatchObject({
      [ATTR_VIGIL_FEEDBACK_THUMB]: 'down',
      [ATTR_VIGIL_SUBJECT_ID]: 'ticket-1',
      [ATTR_VIGIL_USE_CASE]: 'reply-draft',
    })
    // Outside a call: no ids, the context's subject; an outcome without a value counts 1.
    expect(outcome).toMatchObject({ traceId: undefined, spanId: undefined })
    expect(outcome?.attributes).toMatchObject({
      [ATTR_VIGIL_SUBJECT_ID]: 'ticket-2',
      [ATTR_VIGIL_OUTCOME_VALUE]: 1,
    })
  })

  it('find the call behind a result with getCallIds, without touching the result', async () => {
    setUp()
    const answer = { text: 'Refund sent' }
    const returned = await observe(makeMeta(), async () => answer)
    expect(returned).toBe(answer)
    expect(Object.keys(returned)).toEqual(['text'])
    const ids = getCallIds(returned)
    expect(ids?.traceId).toMatch(/^[0-9a-f]{32}$/)
    recordScore({ ...ids, name: 'accuracy', value: 1 })
    const [score] = await records()
    expect(score).toMatchObject({ traceId: ids?.traceId, spanId: ids?.spanId })
    expect(getCallIds('a string')).toBeUndefined()
    expect(getCallIds({})).toBeUndefined()
  })

  it('computes a correction’s change ratio from the two texts, and keeps the text only with content capture, redacted', async () => {
    setUp()
    recordCorrection({
      spanId: SPAN,
      original: 'Your refund is on its way.',
      corrected: 'Your refund was sent today.',
    })
    const [plain] = await records()
    expect(plain?.attributes[ATTR_VIGIL_CORRECTION_CHANGE_RATIO]).toBeCloseTo(9 / 27, 10)
    expect(plain?.attributes[ATTR_VIGIL_CORRECTION_TEXT]).toBeUndefined()
    await shutdown()

    setUp({ captureContent: true, redact: (text) => text.replace(/Anna/g, '[name]') })
    recordCorrection({ spanId: SPAN, original: 'Hi,', corrected: 'Hi Anna, mail me at anna@example.com' })
    const [captured] = await records()
    expect(captured?.attributes[ATTR_VIGIL_CORRECTION_TEXT]).toBe('Hi [name], mail me at [REDACTED:email]')
  })

  it('redacts feedback comments whether or not content is captured', async () => {
    setUp()
    recordFeedback({ spanId: SPAN, thumb: 'down', comment: 'Call me on +44 20 7946 0958' })
    const [feedback] = await records()
    expect(feedback?.attributes[ATTR_VIGIL_FEEDBACK_COMMENT]).toBe('Call me on [REDACTED:phone]')
  })

  it('keeps the idempotency key it is given, so the collector counts a repeat once', async () => {
    setUp()
    const key = recordOutcome({
      subjectId: 'ticket-9',
      name: 'ticket_resolved',
      idempotencyKey: 'ticket-9:resolved',
    })
    expect(key).toBe('ticket-9:resolved')
    const [outcome] = await records()
    expect(outcome?.attributes[ATTR_VIGIL_SIGNAL_KEY]).toBe('ticket-9:resolved')
  })

  it('drops, counts and logs bad input, and never throws', async () => {
    setUp()
    const bad: unknown[] = [
      () => recordFeedback({ spanId: SPAN }),
      () => recordFeedback({ spanId: SPAN, thumb: 'up', rating: 5 }),
      () => recordFeedback({ spanId: SPAN, rating: 7 }),
      () => recordScore({ spanId: SPAN, name: 'accuracy', value: Number.NaN }),
      () => recordScore({ spanId: SPAN, name: '', value: 1 }),
      () => recordCorrection({ spanId: SPAN }),
      () => recordCorrection({ spanId: SPAN, changeRatio: 1.5 }),
      () => recordEscalation({ reason: 'no call named' }),
      () => recordOutcome({ spanId: 'xyz', name: 'revenue' }),
      () => recordOutcome({ subjectId: 's', name: 'revenue', time: new Date('1999-01-01') }),
      () => recordScore(null as never),
      () => recordFeedback('up' as never),
    ]
    for (const call of bad) expect((call as () => unknown)()).toBeUndefined()
    expect(await records()).toEqual([])
    expect(getStats()).toMatchObject({ signalsInvalid: bad.length, signalsRecorded: 0 })
    expect(logger.text('warn')).toMatch(
      /recordFeedback\(\) ignored this feedback: feedback needs either thumb or rating/,
    )
    expect(logger.text('warn')).toMatch(
      /recordOutcome\(\) ignored this outcome: spanId must be 16 hex digits/,
    )
  })

  it('drops signals recorded before init, and counts a sink that fails as failed', async () => {
    expect(recordFeedback({ spanId: SPAN, thumb: 'up' })).toBeUndefined()
    const failing = { export: async () => false }
    init({ exporter: new InMemorySpanExporter(), signalSink: failing, logger: createCaptureLogger() })
    recordFeedback({ spanId: SPAN, thumb: 'up' })
    expect(await flush()).toBe(false)
    expect(getStats()).toMatchObject({ signalsRecorded: 1, signalsFailed: 1, signalsExported: 0 })
  })
})
