import Anthropic from '@anthropic-ai/sdk'
import { FakeLlmServer, withAnthropicRoutes, withOpenAiRoutes } from '@vigil/fake-llm'
import { flush, init, observeAnthropic, observeOpenAI, shutdown, withContext, withFallback } from '@vigil/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'

// The real client packages → Vigil's wrappers → the real collector → ClickHouse → the summary API.
const KEY = 'providers-e2e-key-0123456789'
const collector = useTestCollector({ name: 'providers', apiKey: KEY, writer: { lingerMs: 10 } })
let llm: FakeLlmServer

beforeAll(async () => {
  llm = withAnthropicRoutes(withOpenAiRoutes(new FakeLlmServer(), { now: () => 1_700_000_000_000 }))
  await llm.listen()
  init({ endpoint: collector.url, apiKey: KEY, serviceName: 'providers-e2e' })
})

afterAll(async () => {
  await shutdown()
  await llm?.close()
})

interface Summary {
  calls: number
  errors: number
  costUsd: number
  costUnknownCalls: number
  tokens: { input: number; output: number }
}

async function summary(query: Record<string, string>): Promise<Summary> {
  const response = await collector.get(`/api/v1/metrics/summary?${new URLSearchParams(query)}`, KEY)
  expect(response.status).toBe(200)
  return response.body as Summary
}

describe('provider wrappers end to end', () => {
  it('records OpenAI calls, plain, streamed and failed, with the usage the provider reported', async () => {
    const raw = new OpenAI({ baseURL: `${llm.url}/v1`, apiKey: 'test', maxRetries: 0 })
    const openai = observeOpenAI(new OpenAI({ baseURL: `${llm.url}/v1`, apiKey: 'test', maxRetries: 0 }))
    const request = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'Where is my invoice?' }],
    }

    const plain = await withContext({ useCase: 'oa-e2e' }, () => openai.chat.completions.create(request))
    const chunks: unknown[] = []
    await withContext({ useCase: 'oa-e2e' }, async () => {
      for await (const chunk of await openai.chat.completions.create({ ...request, stream: true }))
        chunks.push(chunk)
    })
    const unwrappedChunks: unknown[] = []
    for await (const chunk of await raw.chat.completions.create({ ...request, stream: true }))
      unwrappedChunks.push(chunk)
    expect(chunks).toEqual(unwrappedChunks) // the usage chunk Vigil asked for never reaches the app

    llm.enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 1 })
    const failure = await withContext({ useCase: 'oa-e2e' }, () =>
      openai.chat.completions.create(request),
    ).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError)

    expect(await flush()).toBe(true)
    const usage = plain.usage
    if (!usage) throw new Error('the fake reports usage')
    const body = await summary({ useCase: 'oa-e2e' })
    expect(body).toMatchObject({
      calls: 3,
      errors: 1,
      costUnknownCalls: 1,
      tokens: { input: 2 * usage.prompt_tokens, output: 2 * usage.completion_tokens },
    })
    // gpt-4o-mini: $0.15 / $0.60 per million tokens, for the two calls that succeeded.
    const expected = 2 * ((usage.prompt_tokens * 0.15 + usage.completion_tokens * 0.6) / 1e6)
    expect(body.costUsd).toBeCloseTo(expected, 12)
  })

  it('records Anthropic calls with prompt-cache tokens priced at their own rates', async () => {
    const anthropic = observeAnthropic(new Anthropic({ baseURL: llm.url, apiKey: 'test', maxRetries: 0 }), {
      useCase: 'an-e2e',
    })
    const request = {
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      system: [
        {
          type: 'text' as const,
          text: 'You are a support agent. '.repeat(40),
          cache_control: { type: 'ephemeral' as const },
        },
      ],
      messages: [{ role: 'user' as const, content: 'My order is late.' }],
    }
    const first = await anthropic.messages.create(request)
    const second = await anthropic.messages.create(request)
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0)
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(0)

    expect(await flush()).toBe(true)
    const body = await summary({ useCase: 'an-e2e' })
    const total = (u: Anthropic.Usage) =>
      u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0)
    expect(body.tokens.input).toBe(total(first.usage) + total(second.usage))
    // claude-sonnet-4-5 per million: input $3, cache read $0.30, cache write $3.75, output $15.
    const cost = (u: Anthropic.Usage) =>
      (u.input_tokens * 3 +
        (u.cache_read_input_tokens ?? 0) * 0.3 +
        (u.cache_creation_input_tokens ?? 0) * 3.75 +
        u.output_tokens * 15) /
      1e6
    expect(body.costUsd).toBeCloseTo(cost(first.usage) + cost(second.usage), 12)
  })

  it('records each attempt of a fallback chain as its own call', async () => {
    const openai = observeOpenAI(new OpenAI({ baseURL: `${llm.url}/v1`, apiKey: 'test', maxRetries: 0 }))
    const messages = [{ role: 'user' as const, content: 'Classify: refund request' }]
    llm.enqueueFault({ kind: 'status', status: 503 })
    const answer = await withContext({ useCase: 'fb-e2e' }, () =>
      withFallback([
        {
          name: 'primary',
          run: (signal) => openai.chat.completions.create({ model: 'gpt-4o', messages }, { signal }),
        },
        {
          name: 'cheaper',
          run: (signal) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages }, { signal }),
        },
      ]),
    )
    expect(answer.model).toMatch(/^gpt-4o-mini/)
    expect(await flush()).toBe(true)
    expect(await summary({ useCase: 'fb-e2e' })).toMatchObject({ calls: 2, errors: 1 })
    expect(await summary({ useCase: 'fb-e2e', model: 'gpt-4o' })).toMatchObject({ calls: 1, errors: 1 })
  })
})
