import { describe, expect, it } from 'vitest'
import { type CallFacts, emptyFacts } from './call-facts.js'
import { normalizeUsage } from './normalize-usage.js'

const facts = (fields: Partial<CallFacts>): CallFacts => ({ ...emptyFacts(), ...fields })

describe('normalizeUsage', () => {
  it('leaves counts that follow the conventions alone', () => {
    expect(normalizeUsage(facts({ inputTokens: 100, outputTokens: 10, cacheReadTokens: 60 }))).toEqual({
      inputTokens: 100,
      outputTokens: 10,
      cacheReadTokens: 60,
      cacheCreationTokens: null,
      reasoningTokens: null,
    })
  })

  it('adds cache into the input of a source known to leave it out, even when the cache is smaller', () => {
    const usage = normalizeUsage(
      facts({ inputTokens: 100, cacheReadTokens: 30, cacheCreationTokens: 20, inputExcludesCache: true }),
    )
    expect(usage.inputTokens).toBe(150)
  })

  it('adds cache into an input count smaller than its own cache subset', () => {
    expect(normalizeUsage(facts({ inputTokens: 5, cacheReadTokens: 900 })).inputTokens).toBe(905)
  })

  it('derives a missing input or output count from the total', () => {
    expect(normalizeUsage(facts({ outputTokens: 10, totalTokens: 110 })).inputTokens).toBe(100)
    expect(normalizeUsage(facts({ inputTokens: 100, totalTokens: 110 })).outputTokens).toBe(10)
    expect(normalizeUsage(facts({ totalTokens: 110 }))).toMatchObject({
      inputTokens: null,
      outputTokens: null,
    })
  })
})
