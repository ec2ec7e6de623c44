import { describe, expect, it } from 'vitest'
import type { CallSignal } from './call-types.js'
import { describeSignal, signalOrigin } from './signal-description.js'

function makeSignal(overrides: Partial<CallSignal>): CallSignal {
  return {
    kind: 'feedback',
    time: '2026-01-01T00:00:00.000000000Z',
    name: null,
    value: null,
    source: null,
    author: null,
    reason: null,
    comment: null,
    correctedText: null,
    via: 'sdk',
    idempotencyKey: 'k',
    ...overrides,
  }
}

describe('describeSignal', () => {
  it('reads thumbs and ratings', () => {
    expect(describeSignal(makeSignal({ name: 'thumb', value: 0, comment: 'wrong' }))).toEqual({
      label: 'Feedback',
      value: 'thumbs down',
      text: 'wrong',
      tone: 'bad',
    })
    expect(describeSignal(makeSignal({ name: 'thumb', value: 1 })).tone).toBe('good')
    expect(describeSignal(makeSignal({ name: 'rating', value: 4 })).value).toBe('4 / 5')
    expect(describeSignal(makeSignal({ name: 'rating', value: 3 })).tone).toBe('neutral')
  })

  it('gives a correction’s share changed and the corrected text', () => {
    const signal = makeSignal({ kind: 'correction', value: 0.354, correctedText: 'Fixed.' })
    expect(describeSignal(signal)).toMatchObject({ value: '35 % changed', text: 'Fixed.', tone: 'bad' })
  })

  it('names scores and outcomes with their values', () => {
    expect(describeSignal(makeSignal({ kind: 'score', name: 'relevance', value: 0.8234 })).value).toBe(
      'relevance 0.8234',
    )
    expect(describeSignal(makeSignal({ kind: 'outcome', name: 'minutes_saved', value: 12 })).value).toBe(
      'minutes_saved 12',
    )
    expect(describeSignal(makeSignal({ kind: 'escalation', reason: 'policy:privacy' })).text).toBe(
      'policy:privacy',
    )
  })

  it('says who sent it, else how it came', () => {
    expect(signalOrigin(makeSignal({ author: 'agent-7', via: 'http' }))).toBe('agent-7 (via http)')
    expect(signalOrigin(makeSignal({ source: 'model' }))).toBe('model (via sdk)')
    expect(signalOrigin(makeSignal({}))).toBe('via sdk')
  })
})
