import { describe, expect, it } from 'vitest'
import { PriceCatalog, type TokenUsage } from './price-catalog.js'

const usage = (u: Partial<TokenUsage>): TokenUsage => ({
  inputTokens: null,
  outputTokens: null,
  cacheReadTokens: null,
  cacheCreationTokens: null,
  reasoningTokens: null,
  ...u,
})

describe('PriceCatalog', () => {
  const catalog = new PriceCatalog(
    {
      'gpt-4o': { provider: 'openai', input: 2.5, cachedInput: 1.25, output: 10 },
      'gpt-4o-mini': { provider: 'openai', input: 0.15, output: 0.6 },
      'claude-sonnet-4': { provider: 'anthropic', input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    },
    'test-1',
  )

  it('prices input and output tokens per million', () => {
    // 1000 × 2.5/1M + 500 × 10/1M = 0.0025 + 0.005
    expect(catalog.price('gpt-4o', usage({ inputTokens: 1000, outputTokens: 500 }))).toEqual({
      costUsd: 0.0075,
      basis: 'catalog:test-1',
    })
  })

  it('prices cached input at the cached rate without counting it twice', () => {
    // 600 uncached × 2.5 + 400 cached × 1.25 + 100 out × 10 = 1500 + 500 + 1000 = 3000 µ$
    const cost = catalog.price(
      'gpt-4o',
      usage({ inputTokens: 1000, cacheReadTokens: 400, outputTokens: 100 }),
    )
    expect(cost.costUsd).toBeCloseTo(0.003, 12)
  })

  it('prices cache writes at their own rate', () => {
    // 200 × 3 + 300 read × 0.3 + 500 write × 3.75 + 10 out × 15 = 600 + 90 + 1875 + 150 = 2715 µ$
    const cost = catalog.price(
      'claude-sonnet-4',
      usage({ inputTokens: 1000, cacheReadTokens: 300, cacheCreationTokens: 500, outputTokens: 10 }),
    )
    expect(cost.costUsd).toBeCloseTo(0.002715, 12)
  })

  it('matches dated, prefixed and cloud-specific model names to the base model', () => {
    for (const name of ['gpt-4o-2024-08-06', 'openai/gpt-4o', 'GPT-4o'])
      expect(catalog.find(name)?.input).toBe(2.5)
    expect(catalog.find('gpt-4o-mini-2024-07-18')?.input).toBe(0.15)
    expect(catalog.find('anthropic.claude-sonnet-4-20250514-v1:0')?.input).toBe(3)
    expect(catalog.find('us.anthropic.claude-sonnet-4-20250514-v1:0')?.input).toBe(3)
    expect(catalog.find('claude-sonnet-4@20250514')?.input).toBe(3)
  })

  it('reports an unknown model or missing usage as unknown cost, never 0', () => {
    expect(catalog.price('my-finetune', usage({ inputTokens: 10, outputTokens: 10 }))).toEqual({
      costUsd: null,
      basis: 'unknown',
    })
    expect(catalog.price('gpt-4o', usage({}))).toEqual({ costUsd: null, basis: 'unknown' })
  })

  it('ships a catalog with the common models', () => {
    const shipped = new PriceCatalog()
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'claude-sonnet-4', 'claude-3-5-haiku']) {
      expect(shipped.find(model), model).toBeDefined()
    }
  })
})
