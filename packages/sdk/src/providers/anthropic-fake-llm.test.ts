import {
  APIConnectionTimeoutError,
  BadRequestError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk'
import { describe, expect, it } from 'vitest'
import { makeAnthropicClient, makeAnthropicRequest } from '../test-support/anthropic-fixtures.js'
import { useFakeLlm } from '../test-support/fake-llm.js'

// The fake Anthropic API (tools/fake-llm/src/anthropic-routes.ts) against the real client, with
// no Vigil involved: what the wrapper's tests rely on. It lives here because this package, not
// fake-llm, depends on @anthropic-ai/sdk.

const llm = useFakeLlm()

const request = makeAnthropicRequest()

describe('fake Anthropic API with the real @anthropic-ai/sdk client', () => {
  it('answers create() with a Message the client parses, request id included', async () => {
    const message = await makeAnthropicClient(llm()).messages.create(request)

    expect(message.type).toBe('message')
    expect(message.content).toEqual([{ type: 'text', text: expect.stringContaining('Where is my order?') }])
    expect(message._request_id).toMatch(/^req_fake_/)
  })

  it('streams an answer the MessageStream helper assembles into the same message', async () => {
    const plain = await makeAnthropicClient(llm()).messages.create(request)
    const streamed = await makeAnthropicClient(llm()).messages.stream(request).finalMessage()

    const { content, model, stop_reason, usage } = plain
    expect(streamed).toMatchObject({ content, model, stop_reason, usage })
  })

  it('plays faults as the client’s own error classes', async () => {
    llm()
      .enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 9 })
      .enqueueFault({ kind: 'status', status: 500 })
      .enqueueFault({ kind: 'status', status: 529 })
    const client = makeAnthropicClient(llm())
    const limited = await client.messages.create(request).catch((error: unknown) => error)
    const failed = await client.messages.create(request).catch((error: unknown) => error)
    const overloaded = await client.messages.create(request).catch((error: unknown) => error)

    expect(limited).toBeInstanceOf(RateLimitError)
    expect((limited as RateLimitError).type).toBe('rate_limit_error')
    expect((limited as RateLimitError).headers.get('retry-after')).toBe('9')
    expect(failed).toBeInstanceOf(InternalServerError)
    expect(overloaded).toBeInstanceOf(OverloadedError)
  })

  it('lets the client retry a 429 as Retry-After says', async () => {
    llm().enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 0 })
    const before = llm().requests.length
    const message = await makeAnthropicClient(llm(), { maxRetries: 1 }).messages.create(request)

    expect(message.type).toBe('message')
    expect(llm().requests.length - before).toBe(2)
  })

  it('hangs until the client’s timeout fires', async () => {
    llm().enqueueFault({ kind: 'hang' })
    const error = await makeAnthropicClient(llm(), { timeout: 200 })
      .messages.create(request)
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(APIConnectionTimeoutError)
  })

  it('rejects a malformed request as the real API does', async () => {
    const { max_tokens: _, ...withoutMaxTokens } = request
    const error = await makeAnthropicClient(llm())
      .messages.create(withoutMaxTokens as typeof request)
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(BadRequestError)
  })

  it('counts tokens', async () => {
    const { input_tokens } = await makeAnthropicClient(llm()).messages.countTokens(request)

    expect(input_tokens).toBeGreaterThan(0)
  })
})
