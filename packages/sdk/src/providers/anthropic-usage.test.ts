import { describe, expect, it } from 'vitest'
import { anthropicTokenCounts, streamedUsage } from './anthropic-usage.js'

describe('anthropicTokenCounts', () => {
  it('adds cache reads and writes to input tokens, as gen_ai.usage.input_tokens includes them', () => {
    const counts = anthropicTokenCounts({
      input_tokens: 12,
      output_tokens: 30,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 200,
    })

    expect(counts).toEqual({
      usage: { inputTokens: 1212, outputTokens: 30, cachedInputTokens: 1000 },
      cacheCreationInputTokens: 200,
    })
  })

  it('treats missing or null cache counts as none, as older API versions omit them', () => {
    expect(
      anthropicTokenCounts({ input_tokens: 5, output_tokens: 1, cache_read_input_tokens: null }),
    ).toEqual({
      usage: { inputTokens: 5, outputTokens: 1, cachedInputTokens: undefined },
    })
  })

  it('leaves counts unknown rather than 0 when usage is missing or malformed', () => {
    expect(anthropicTokenCounts(undefined).usage).toEqual({
      inputTokens: undefined,
      outputTokens: undefined,
      cachedInputTokens: undefined,
    })
    // Without the uncached part the total is unknown: the cache alone would understate it.
    expect(
      anthropicTokenCounts({ input_tokens: '12', cache_read_input_tokens: 100 }).usage.inputTokens,
    ).toBeUndefined()
    expect(anthropicTokenCounts({ output_tokens: -1 }).usage.outputTokens).toBeUndefined()
  })
})

describe('streamedUsage', () => {
  it('takes input from message_start and output from message_delta, whose non-null totals win', () => {
    const atStart = {
      input_tokens: 10,
      output_tokens: 1,
      cache_read_input_tokens: 50,
      cache_creation_input_tokens: 0,
    }
    const atDelta = { output_tokens: 42, input_tokens: 15, cache_read_input_tokens: null }

    expect(streamedUsage(atStart, atDelta)).toEqual({
      input_tokens: 15,
      output_tokens: 42,
      cache_read_input_tokens: 50,
      cache_creation_input_tokens: 0,
    })
  })

  it('drops message_start’s placeholder output count when message_delta never came', () => {
    expect(streamedUsage({ input_tokens: 10, output_tokens: 1 }, undefined)).toEqual({
      input_tokens: 10,
      output_tokens: undefined,
    })
  })
})
