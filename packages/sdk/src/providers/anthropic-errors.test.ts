import { APIConnectionTimeoutError, APIError, OverloadedError, RateLimitError } from '@anthropic-ai/sdk'
import { SpanStatusCode } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../attributes.js'
import {
  MESSAGE_START,
  makeAnthropicClient,
  makeAnthropicRequest,
  serveAnthropicEvents,
} from '../test-support/anthropic-fixtures.js'
import { useFakeLlm } from '../test-support/fake-llm.js'
import { readAll } from '../test-support/fixtures.js'
import { useRecordingSdk } from '../test-support/recording-sdk.js'
import { observeAnthropic } from './anthropic.js'

const llm = useFakeLlm()
const sdk = useRecordingSdk()

describe('observeAnthropic errors', () => {
  it('records a cut stream as failed, and the app gets the error the SDK threw', async () => {
    llm().enqueueFault({ kind: 'cut-stream', afterChunks: 4 })
    const stream = await observeAnthropic(makeAnthropicClient(llm())).messages.create(
      makeAnthropicRequest({ stream: true }),
    )
    const received: unknown[] = []
    const error = await (async () => {
      for await (const event of stream) received.push(event)
    })().catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(Error)
    expect(received.length).toBeGreaterThan(0)
    const span = await sdk.onlySpan()
    expect(span.status.code).toBe(SpanStatusCode.ERROR)
    // fetch's `TypeError: terminated` says little; its cause's code says the connection dropped.
    expect(error).toBeInstanceOf(TypeError)
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('UND_ERR_SOCKET')
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toEqual(expect.any(Number))
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeUndefined()
  })

  it('records an overload announced inside a 200 stream as 529', async () => {
    const overloaded = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }
    const failing = serveAnthropicEvents([
      ['message_start', MESSAGE_START],
      ['error', overloaded],
    ])
    try {
      const anthropic = observeAnthropic(makeAnthropicClient(llm(), { baseURL: await failing.listen() }))
      const stream = await anthropic.messages.create(makeAnthropicRequest({ stream: true }))
      const error = await readAll(stream).catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(APIError)
      expect((await sdk.onlySpan()).attributes[ATTR_ERROR_TYPE]).toBe('529')
    } finally {
      await failing.close()
    }
  })

  it('rejects with the SDK’s own 429 error object and records error.type 429', async () => {
    llm().enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 7 })
    const pending = observeAnthropic(makeAnthropicClient(llm())).messages.create(makeAnthropicRequest())
    const error = await pending.catch((caught: unknown) => caught)

    // The SDK's own (internal) response promise of the same request rejects with this very object.
    const sdkOwn = pending as unknown as { _responseProps(): Promise<unknown> }
    expect(await sdkOwn._responseProps().catch((caught: unknown) => caught)).toBe(error)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).headers.get('retry-after')).toBe('7')
    const span = await sdk.onlySpan()
    expect(span.status.code).toBe(SpanStatusCode.ERROR)
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('429')
  })

  it('tells an overload (529) of a stream apart in error.type', async () => {
    llm().enqueueFault({ kind: 'status', status: 529 })
    const stream = observeAnthropic(makeAnthropicClient(llm())).messages.stream(makeAnthropicRequest())
    const error = await stream.finalMessage().catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(OverloadedError)
    expect((await sdk.onlySpan()).attributes[ATTR_ERROR_TYPE]).toBe('529')
  })

  it('records the client’s timeout as error.type timeout', async () => {
    llm().enqueueFault({ kind: 'hang' })
    const error = await observeAnthropic(makeAnthropicClient(llm(), { timeout: 200 }))
      .messages.create(makeAnthropicRequest())
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(APIConnectionTimeoutError)
    expect((await sdk.onlySpan()).attributes[ATTR_ERROR_TYPE]).toBe('timeout')
  })
})
