import { describe, expect, it } from 'vitest'
import type { Attributes } from '../otlp/otlp-types.js'
import { type SignalEvent, signalFromEvent } from './signal-from-event.js'

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736'
const SPAN = '00f067aa0ba902b7'

function event(name: string, attributes: Attributes, ids: Partial<SignalEvent> = {}): SignalEvent {
  return {
    name: `vigil.signal.${name}`,
    timeNanos: '1750000000000000000',
    traceId: TRACE,
    spanId: SPAN,
    attributes,
    serviceName: 'app',
    ...ids,
  }
}

const map = (e: SignalEvent) => signalFromEvent(e, 'p1', 'log_record')

describe('signalFromEvent', () => {
  it('maps each kind onto one data model: name, value, source, reason, texts', () => {
    const rows = [
      map(event('correction', { 'vigil.correction.change_ratio': 0.25, 'vigil.correction.text': 'Hi' })),
      map(event('feedback', { 'vigil.feedback.thumb': 'down', 'vigil.feedback.comment': 'no' })),
      map(event('feedback', { 'vigil.feedback.rating': '4' })),
      map(
        event('score', {
          'vigil.score.name': 'accuracy',
          'vigil.score.value': 0.5,
          'vigil.score.source': 'rule',
        }),
      ),
      map(event('escalation', { 'vigil.escalation.reason': 'legal' })),
      map(event('outcome', { 'vigil.outcome.name': 'ticket_resolved' })),
    ].map((result) => (result.kind === 'signal' ? result.signal : result.reason))
    expect(rows).toMatchObject([
      { kind: 'correction', name: '', value: 0.25, corrected_text: 'Hi' },
      { kind: 'feedback', name: 'thumb', value: 0, comment: 'no' },
      { kind: 'feedback', name: 'rating', value: 4 },
      { kind: 'score', name: 'accuracy', value: 0.5, source: 'rule' },
      { kind: 'escalation', value: null, reason: 'legal' },
      { kind: 'outcome', name: 'ticket_resolved', value: 1 },
    ])
    expect(rows[0]).toMatchObject({ project_id: 'p1', trace_id: TRACE, span_id: SPAN, via: 'log_record' })
  })

  it('keeps the idempotency key it is given, else a hash of the content that a re-send repeats', () => {
    const keyed = map(event('outcome', { 'vigil.outcome.name': 'x', 'vigil.signal.key': 'T-1:x' }))
    expect(keyed.kind === 'signal' && keyed.signal.idempotency_key).toBe('T-1:x')
    const once = map(event('outcome', { 'vigil.outcome.name': 'x' }))
    const again = map(event('outcome', { 'vigil.outcome.name': 'x' }))
    const later = map(event('outcome', { 'vigil.outcome.name': 'x' }, { timeNanos: '1750000000000000001' }))
    const key = (r: typeof once) => (r.kind === 'signal' ? r.signal.idempotency_key : '')
    expect(key(once)).toMatch(/^h:[0-9a-f]{32}$/)
    expect(key(again)).toBe(key(once))
    expect(key(later)).not.toBe(key(once))
  })

  it('keeps attributes it does not map, and takes subject and use case from Vigil names', () => {
    const result = map(
      event(
        'score',
        {
          'vigil.score.name': 'a',
          'vigil.score.value': 1,
          'vigil.subject_id': 'T-1',
          'vigil.use_case': 'draft',
          'app.region': 'eu',
        },
        { traceId: '', spanId: '' },
      ),
    )
    expect(result).toMatchObject({
      kind: 'signal',
      signal: { subject_id: 'T-1', use_case: 'draft', attributes: { 'app.region': 'eu' } },
    })
  })

  it('refuses, with a reason, what cannot be a signal', () => {
    const reasons = [
      map(event('applause', {})),
      map(event('feedback', { 'vigil.outcome.name': 'x' }, { traceId: '', spanId: '' })),
      map(event('feedback', { 'vigil.feedback.thumb': 'sideways' })),
      map(event('feedback', { 'vigil.feedback.thumb': 'up', 'vigil.feedback.rating': 5 })),
      map(event('feedback', { 'vigil.feedback.rating': 4.5 })),
      map(event('correction', { 'vigil.correction.change_ratio': 2 })),
      map(event('score', { 'vigil.score.name': 'a', 'vigil.score.value': 'high' })),
      map(event('score', { 'vigil.score.name': 'a', 'vigil.score.value': 1, 'vigil.score.source': 'crowd' })),
      map(event('outcome', { 'vigil.outcome.value': 3 })),
    ].map((result) => (result.kind === 'invalid' ? result.reason : 'stored'))
    expect(reasons).toEqual([
      expect.stringMatching(/unknown signal "vigil\.signal\.applause"/),
      expect.stringMatching(/names no call/),
      expect.stringMatching(/needs vigil\.feedback\.thumb/),
      expect.stringMatching(/either vigil\.feedback\.thumb or vigil\.feedback\.rating, not both/),
      expect.stringMatching(/an integer from 1 to 5/),
      expect.stringMatching(/change_ratio must be a number from 0 to 1/),
      expect.stringMatching(/vigil\.score\.value must be a number/),
      expect.stringMatching(/vigil\.score\.source must be one of human, rule, model/),
      expect.stringMatching(/vigil\.outcome\.name must be a name/),
    ])
  })
})
