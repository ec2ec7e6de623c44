import { describe, expect, it } from 'vitest'
import type { FallbackAttempt } from './call-types.js'
import {
  attemptLabel,
  attemptOutcome,
  fallbackMarker,
  missingAttempts,
  summarizeFallbackChain,
} from './fallback-chain.js'

function makeAttempt(attempt: number, overrides: Partial<FallbackAttempt> = {}): FallbackAttempt {
  return {
    spanId: `span${attempt}`,
    kind: 'llm',
    name: `chat model-${attempt}`,
    attempt,
    step: `step-${attempt}`,
    reason: null,
    served: false,
    status: 'ok',
    startTime: '2026-01-01T00:00:00.000000000Z',
    durationMs: 100,
    model: `model-${attempt}`,
    provider: 'openai',
    costUsd: null,
    ...overrides,
  }
}

describe('summarizeFallbackChain', () => {
  it('says which attempt served and why the earlier ones were left', () => {
    const chain = [
      makeAttempt(2, { step: 'claude-haiku', served: true }),
      makeAttempt(1, { step: 'gpt-4o', reason: 'timeout', status: 'error' }),
    ]
    expect(summarizeFallbackChain(chain)).toBe('Served by attempt 2 (claude-haiku) after gpt-4o timed out.')
  })

  it('says when the first attempt answered and no fallback was needed', () => {
    expect(summarizeFallbackChain([makeAttempt(1, { served: true })])).toBe(
      'Served by the first attempt (step-1); no fallback needed.',
    )
  })

  it('says when no attempt served, with every reason', () => {
    const chain = [
      makeAttempt(1, { reason: 'rate_limit', status: 'error' }),
      makeAttempt(2, { reason: 'rejected' }),
      makeAttempt(3, { kind: 'span', step: 'keyword-rules', model: null, reason: 'error', status: 'error' }),
    ]
    expect(summarizeFallbackChain(chain)).toBe(
      'No attempt served: step-1 rate limited, step-2 answer rejected, keyword-rules failed.',
    )
  })

  it('notes attempts whose spans never arrived', () => {
    const chain = [makeAttempt(3, { served: true }), makeAttempt(1, { reason: 'error' })]
    expect(missingAttempts(chain)).toEqual([2])
    expect(summarizeFallbackChain(chain)).toBe(
      'Served by attempt 3 (step-3) after step-1 failed. Attempt 2 was not received.',
    )
  })

  it('is empty for a call outside any chain', () => {
    expect(summarizeFallbackChain([])).toBe('')
    expect(missingAttempts([])).toEqual([])
  })
})

describe('attempt wording', () => {
  it('names an attempt by its step, else its model, else its span', () => {
    expect(attemptLabel({ step: 'primary', model: 'gpt-4o', name: 'chat gpt-4o' })).toBe('primary')
    expect(attemptLabel({ step: null, model: 'gpt-4o', name: 'chat gpt-4o' })).toBe('gpt-4o')
    expect(attemptLabel({ step: null, model: null, name: 'cache lookup' })).toBe('cache lookup')
  })

  it('words known reasons and passes unknown ones through', () => {
    expect(attemptOutcome({ served: true, reason: null, status: 'ok' })).toBe('served')
    expect(attemptOutcome({ served: false, reason: 'timeout', status: 'error' })).toBe('timed out')
    expect(attemptOutcome({ served: false, reason: 'budget_exceeded', status: 'ok' })).toBe('budget_exceeded')
    expect(attemptOutcome({ served: false, reason: null, status: 'error' })).toBe('failed')
    expect(attemptOutcome({ served: false, reason: null, status: 'unset' })).toBe('not served')
  })

  it('marks a call in the table with its attempt and outcome', () => {
    expect(fallbackMarker({ attempt: 2, step: 'b', reason: null, served: true })).toBe('#2 served')
    expect(fallbackMarker({ attempt: 1, step: 'a', reason: 'rate_limit', served: false })).toBe(
      '#1 rate limited',
    )
  })
})
