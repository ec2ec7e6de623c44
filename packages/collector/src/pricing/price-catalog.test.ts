import { describe, expect, it } from 'vitest'
import { PriceCatalog, type TokenUsage } from './price-catalog.js'
import { loadShippedCatalog, parseCatalogFile } from './shipped-catalog.js'

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
      'o-think': { provider: 'openai', input: 1, output: 4, reasoning: 6 },
      'claude-sonnet-4': {
        provider: 'anthropic',
        input: 3,
        cachedInput: 0.3,
        cacheWrite: 3.75,
        output: 15,
        aliases: ['claude-sonnet-4.0'],
        tiers: [{ aboveInputTokens: 200_000, input: 6, cachedInput: 0.6, cacheWrite: 7.5, output: 22.5 }],
      },
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

  it('adds cache counts back when a source reported them beside the input, not inside it', () => {
    // Anthropic API shape: input 21 excludes 1000 read + 100 written. Prompt = 1121:
    // 21 × 3 + 1000 × 0.3 + 100 × 3.75 + 10 × 15 = 63 + 300 + 375 + 150 = 888 µ$
    const cost = catalog.price(
      'claude-sonnet-4',
      usage({ inputTokens: 21, cacheReadTokens: 1000, cacheCreationTokens: 100, outputTokens: 10 }),
    )
    expect(cost.costUsd).toBeCloseTo(0.000888, 12)
  })

  it('prices reasoning at the output rate unless the model has its own reasoning rate', () => {
    // gpt-4o: 100 in × 2.5 + 300 out (200 of them reasoning) × 10 = 250 + 3000 = 3250 µ$
    const plain = catalog.price(
      'gpt-4o',
      usage({ inputTokens: 100, outputTokens: 300, reasoningTokens: 200 }),
    )
    expect(plain.costUsd).toBeCloseTo(0.00325, 12)
    // o-think: 100 × 1 + 100 visible × 4 + 200 reasoning × 6 = 100 + 400 + 1200 = 1700 µ$
    const own = catalog.price('o-think', usage({ inputTokens: 100, outputTokens: 300, reasoningTokens: 200 }))
    expect(own.costUsd).toBeCloseTo(0.0017, 12)
  })

  it('bills the whole request at the long-context tier once the prompt exceeds its threshold', () => {
    // At 200,000 (not above): 200,000 × 3 + 1,000 × 15 = 600,000 + 15,000 µ$ = $0.615
    const at = catalog.price('claude-sonnet-4', usage({ inputTokens: 200_000, outputTokens: 1000 }))
    expect(at.costUsd).toBeCloseTo(0.615, 12)
    // 250,000 prompt, 50,000 of them cached: 200,000 × 6 + 50,000 × 0.6 + 1,000 × 22.5
    // = 1,200,000 + 30,000 + 22,500 µ$ = $1.2525
    const above = catalog.price(
      'claude-sonnet-4',
      usage({ inputTokens: 250_000, cacheReadTokens: 50_000, outputTokens: 1000 }),
    )
    expect(above.costUsd).toBeCloseTo(1.2525, 12)
  })

  it('matches dated, prefixed, aliased and cloud-specific model names to the base model', () => {
    for (const name of ['gpt-4o-2024-08-06', 'openai/gpt-4o', 'GPT-4o', 'gpt-4o-latest'])
      expect(catalog.find(name)?.input, name).toBe(2.5)
    expect(catalog.find('gpt-4o-mini-2024-07-18')?.input).toBe(0.15)
    for (const name of [
      'anthropic.claude-sonnet-4-20250514-v1:0', // Bedrock
      'us.anthropic.claude-sonnet-4-20250514-v1:0', // Bedrock cross-region profile
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-20250514-v1:0',
      'claude-sonnet-4@20250514', // Vertex
      'anthropic/claude-sonnet-4.0', // OpenRouter spelling, via the alias
    ])
      expect(catalog.find(name)?.input, name).toBe(3)
  })

  it('never matches by prefix: a longer or different name stays unknown', () => {
    for (const name of [
      'gpt-4o-audio-preview',
      'gpt-4o-mini-tts',
      'gpt-4',
      'claude-sonnet-4-5',
      'ft:gpt-4o:acme::x1',
    ])
      expect(catalog.find(name), name).toBeUndefined()
    expect(catalog.find('gpt-4o-mini')?.input).toBe(0.15)
  })

  it('reports an unknown model or missing usage as unknown cost, never 0', () => {
    expect(catalog.price('my-finetune', usage({ inputTokens: 10, outputTokens: 10 }))).toEqual({
      costUsd: null,
      basis: 'unknown',
    })
    expect(catalog.price('gpt-4o', usage({}))).toEqual({ costUsd: null, basis: 'unknown' })
  })

  it('prices with overrides first, recording the override version, for every variant of the name', () => {
    const effective = catalog.withOverrides(
      { 'gpt-4o': { input: 2, output: 8 }, 'acme-llm': { input: 1, output: 1 } },
      '42',
    )
    // 1000 × 2 + 500 × 8 = 2000 + 4000 µ$
    expect(effective.price('gpt-4o-2024-08-06', usage({ inputTokens: 1000, outputTokens: 500 }))).toEqual({
      costUsd: 0.006,
      basis: 'override:42',
    })
    expect(effective.price('acme-llm', usage({ inputTokens: 1e6, outputTokens: 0 })).costUsd).toBe(1)
    expect(effective.price('gpt-4o-mini', usage({ inputTokens: 1e6 })).basis).toBe('catalog:test-1')
    expect(catalog.price('gpt-4o', usage({ inputTokens: 1e6 })).costUsd).toBe(2.5) // the base is untouched
  })
})

describe('shipped catalog', () => {
  it('covers the current models of every provider, each with a source and a date', () => {
    const shipped = new PriceCatalog()
    const models = [
      ...['gpt-5.5', 'gpt-5.4', 'gpt-5', 'gpt-5-mini', 'gpt-4.1', 'gpt-4o', 'gpt-4o-mini', 'o3', 'o4-mini'],
      ...['claude-opus-4-5', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-sonnet-4', 'claude-3-5-haiku'],
      ...['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.0-flash'],
      ...['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest', 'codestral-latest'],
      ...['llama-3.3-70b-versatile', 'openai/gpt-oss-120b', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'],
      'deepseek-ai/DeepSeek-R1',
    ]
    for (const model of models) expect(shipped.find(model), model).toBeDefined()
    for (const [provider, source] of Object.entries(loadShippedCatalog().sources)) {
      expect(source.source, provider).toMatch(/^https:\/\//)
      expect(source.checked, provider).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
  })

  it('prices Gemini 2.5 Pro long prompts at the >200k tier', () => {
    const shipped = new PriceCatalog()
    // 300,000 × 2.50 + 2,000 × 15 = 750,000 + 30,000 µ$ = $0.78
    const cost = shipped.price('models/gemini-2.5-pro', usage({ inputTokens: 300_000, outputTokens: 2000 }))
    expect(cost.costUsd).toBeCloseTo(0.78, 12)
  })

  it('refuses a catalog file with a misspelt rate instead of pricing cached tokens at the input rate', () => {
    const file = {
      version: 'x',
      unit: 'USD per 1M tokens',
      notes: [],
      providers: {
        openai: {
          source: 'https://example.com',
          checked: '2026-01-01',
          models: { m: { input: 1, output: 2, cachedinput: 0.5 } },
        },
      },
    }
    expect(() => parseCatalogFile(file)).toThrow(/cachedinput/)
  })
})
