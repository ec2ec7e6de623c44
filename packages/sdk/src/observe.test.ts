import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_VIGIL_COST_USD,
  ATTR_VIGIL_PROMPT_VERSION,
  ATTR_VIGIL_SESSION_ID,
  ATTR_VIGIL_TAGS,
  ATTR_VIGIL_USE_CASE,
  ATTR_VIGIL_USER_ID,
} from './attributes.js'
import { InMemorySpanExporter } from './in-memory-span-exporter.js'
import { flush, getStats, init } from './init.js'
import { observe } from './observe.js'
import { makeApiError, makeMeta } from './test-support/fixtures.js'
import { useRecordingSdk } from './test-support/recording-sdk.js'

const sdk = useRecordingSdk()

describe('observe', () => {
  it('records one CLIENT span named "{operation} {model}" with the GenAI and Vigil attributes', async () => {
    await observe(
      makeMeta({
        useCase: 'support-reply',
        userId: 'user-42',
        sessionId: 'sess-7',
        promptVersion: 'v3',
        tags: ['beta', 'eu'],
      }),
      async () => 'ok',
    )

    const span = await sdk.onlySpan()
    expect(span.name).toBe('chat gpt-4o')
    expect(span.kind).toBe(SpanKind.CLIENT)
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR)
    expect(span.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
      [ATTR_VIGIL_USE_CASE]: 'support-reply',
      [ATTR_VIGIL_USER_ID]: 'user-42',
      [ATTR_VIGIL_SESSION_ID]: 'sess-7',
      [ATTR_VIGIL_PROMPT_VERSION]: 'v3',
      [ATTR_VIGIL_TAGS]: ['beta', 'eu'],
    })
  })

  it('uses the given operation in the name and attributes', async () => {
    await observe(makeMeta({ operation: 'embeddings', model: 'text-embedding-3-small' }), async () => [0.1])

    const span = await sdk.onlySpan()
    expect(span.name).toBe('embeddings text-embedding-3-small')
    expect(span.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBe('embeddings')
  })

  it('returns the very object the wrapped function resolved with', async () => {
    const completion = { id: 'cmpl-1', choices: [] }
    const result = await observe(makeMeta(), async () => completion)
    expect(result).toBe(completion)
  })

  it('rejects with the very error the wrapped function threw and marks the span as failed', async () => {
    const error = makeApiError(429, 'rate limited')
    await expect(observe(makeMeta(), async () => Promise.reject(error))).rejects.toBe(error)

    const span = await sdk.onlySpan()
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'rate limited' })
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('429')
  })

  it('uses the error class as error.type when there is no HTTP status', async () => {
    class TimeoutError extends Error {}
    await expect(
      observe(makeMeta(), () => {
        throw new TimeoutError('slow')
      }),
    ).rejects.toBeInstanceOf(TimeoutError)

    expect((await sdk.onlySpan()).attributes[ATTR_ERROR_TYPE]).toBe('TimeoutError')
  })

  it('records usage, response model, time to first chunk and cost reported through the call', async () => {
    await observe(makeMeta(), async (call) => {
      call.markFirstChunk()
      call.setResponseModel('gpt-4o-2024-08-06')
      call.setUsage({ inputTokens: 1200, outputTokens: 350 })
      call.setUsage({ cachedInputTokens: 1024, reasoningTokens: 200 })
      call.setCostUsd(0.0042)
      return 'ok'
    })

    const { attributes } = await sdk.onlySpan()
    expect(attributes).toMatchObject({
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-2024-08-06',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1200,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 350,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1024,
      [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 200,
      [ATTR_VIGIL_COST_USD]: 0.0042,
    })
    expect(attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThanOrEqual(0)
  })

  it('hands a call whose methods still work when taken off it', async () => {
    await observe(makeMeta(), async ({ setUsage, setResponseModel }) => {
      setUsage({ inputTokens: 12, outputTokens: 3 })
      setResponseModel('gpt-4o-2024-08-06')
    })

    const span = await sdk.onlySpan()
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(12)
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_MODEL]).toBe('gpt-4o-2024-08-06')
  })

  it('returns a rejected promise, not a throw, when the wrapped function throws synchronously', async () => {
    const failure = new Error('bad request')
    const result = observe(makeMeta(), () => {
      throw failure
    })

    await expect(result).rejects.toBe(failure)
    expect((await sdk.onlySpan()).status.code).toBe(SpanStatusCode.ERROR)
  })

  it('reads usage with extractUsage, letting explicit setUsage win field by field', async () => {
    await observe(
      makeMeta<{ usage: { in: number; out: number } }>({
        usage: { inputTokens: 1 },
        extractUsage: (result) => ({ inputTokens: result.usage.in, outputTokens: result.usage.out }),
      }),
      async (call) => {
        call.setUsage({ outputTokens: 99 })
        return { usage: { in: 10, out: 20 } }
      },
    )

    const { attributes } = await sdk.onlySpan()
    expect(attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(10)
    expect(attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(99)
  })

  it('still returns the result and records the span when extractUsage throws', async () => {
    const result = { text: 'hi' }
    const returned = await observe(
      makeMeta({
        extractUsage: () => {
          throw new Error('no usage field')
        },
      }),
      async () => result,
    )

    expect(returned).toBe(result)
    expect((await sdk.onlySpan()).attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined()
    expect(sdk.logger.text('warn')).toContain('extractUsage threw')
  })

  it('leaves out invalid token counts and says so', async () => {
    await observe(makeMeta(), async (call) => {
      call.setUsage({ inputTokens: -1, outputTokens: Number.NaN })
    })

    expect((await sdk.onlySpan()).attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined()
    expect(sdk.logger.text('warn')).toContain('invalid token counts')
  })

  it('survives a broken logger and non-object meta from JavaScript callers', async () => {
    const throwing = () => {
      throw new Error('logger down')
    }
    init({
      exporter: new InMemorySpanExporter(),
      logger: { debug: throwing, warn: throwing, error: throwing },
    })

    const meta = null as unknown as Parameters<typeof observe>[0]
    await expect(observe(meta, async () => 'still works')).resolves.toBe('still works')
  })

  it('counts started spans', async () => {
    await observe(makeMeta(), async () => 1)
    await observe(makeMeta(), async () => 2)
    await flush()
    expect(getStats()).toMatchObject({ spansStarted: 2, spansExported: 2, spansDropped: 0 })
  })
})
