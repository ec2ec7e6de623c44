import { flush, getStats, init, observe, shutdown } from '@vigil/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'

const KEY = 'e2e-key-0123456789abcdef'
const collector = useTestCollector({ name: 'e2e', apiKey: KEY, writer: { lingerMs: 10 } })

beforeAll(() => {
  init({ endpoint: collector.url, apiKey: KEY, serviceName: 'e2e-app', environment: 'test' })
})

afterAll(async () => {
  await shutdown()
})

class RateLimitError extends Error {
  readonly status = 429
}

async function summary(query: Record<string, string>) {
  const response = await collector.get(`/api/v1/metrics/summary?${new URLSearchParams(query)}`, KEY)
  expect(response.status).toBe(200)
  return response.body as Record<string, unknown> & { latencyMs: Record<string, number | null> }
}

describe('one call travelling SDK → collector → ClickHouse → API', () => {
  it('reports the calls, errors, tokens, cost and latency the app sent', async () => {
    const useCase = 'ticket-triage'
    const meta = { provider: 'openai', model: 'gpt-4o-mini', useCase }
    const results: string[] = []
    for (const [input, output] of [
      [1200, 300],
      [800, 100],
      [2000, 500],
    ] as const) {
      results.push(
        await observe(meta, async (call) => {
          await new Promise((resolve) => setTimeout(resolve, 20))
          call.setUsage({ inputTokens: input, outputTokens: output })
          return `answer ${input}`
        }),
      )
    }
    const rateLimit = new RateLimitError('slow down')
    const failure = await observe(meta, async () => {
      throw rateLimit
    }).catch((error: unknown) => error)

    // The app sees its own results and its own error, untouched.
    expect(results).toEqual(['answer 1200', 'answer 800', 'answer 2000'])
    expect(failure).toBe(rateLimit)

    expect(await flush()).toBe(true)
    const body = await summary({ useCase, model: 'gpt-4o-mini' })
    expect(body).toMatchObject({ calls: 4, errors: 1, errorRate: 0.25, tokens: { input: 4000, output: 900 } })
    // gpt-4o-mini: 4000 × $0.15/1M + 900 × $0.60/1M = 0.0006 + 0.00054
    expect(body.costUsd).toBeCloseTo(0.00114, 12)
    // The failed call has no usage: its cost is unknown, not 0.
    expect(body.costUnknownCalls).toBe(1)
    expect(body.latencyMs.p50).toBeGreaterThanOrEqual(15)
    expect(body.latencyMs.p99).toBeGreaterThanOrEqual(body.latencyMs.p50 ?? 0)
    expect(getStats()).toMatchObject({ spansDropped: 0, spansFailed: 0 })
  })

  it('keeps use cases apart', async () => {
    await observe(
      { provider: 'anthropic', model: 'claude-sonnet-4', useCase: 'reply-draft' },
      async (call) => {
        call.setUsage({ inputTokens: 1000, outputTokens: 1000 })
        return 'draft'
      },
    )
    expect(await flush()).toBe(true)
    const body = await summary({ useCase: 'reply-draft' })
    expect(body).toMatchObject({ calls: 1, errors: 0 })
    // claude-sonnet-4: 1000 × $3/1M + 1000 × $15/1M
    expect(body.costUsd).toBeCloseTo(0.018, 12)
  })
})
