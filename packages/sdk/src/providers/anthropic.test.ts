import { types } from 'node:util'
import type Anthropic from '@anthropic-ai/sdk'
import { APIPromise } from '@anthropic-ai/sdk'
import { SpanStatusCode } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_VIGIL_TAGS,
  ATTR_VIGIL_USE_CASE,
  ATTR_VIGIL_USER_ID,
} from '../attributes.js'
import { getCurrentCallIds, withContext } from '../context.js'
import { shutdown } from '../init.js'
import { makeAnthropicClient, makeAnthropicRequest } from '../test-support/anthropic-fixtures.js'
import { startFakeLlm, useFakeLlm } from '../test-support/fake-llm.js'
import { callIdsSeenByFetch, readAll } from '../test-support/fixtures.js'
import { useRecordingSdk } from '../test-support/recording-sdk.js'
import { observeAnthropic } from './anthropic.js'

const llm = useFakeLlm()
const sdk = useRecordingSdk()

describe('observeAnthropic', () => {
  it('records a message as a chat span with request, response, server and context attributes', async () => {
    const anthropic = observeAnthropic(makeAnthropicClient(llm()), {
      useCase: 'support-reply',
      userId: 'user-42',
    })
    const message = await anthropic.messages.create(
      makeAnthropicRequest({ temperature: 0.3, top_p: 0.9, top_k: 40 }),
    )

    const span = await sdk.onlySpan()
    expect(span.name).toBe('chat claude-sonnet-4-6')
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR)
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'anthropic',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'claude-sonnet-4-6',
      [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.3,
      [ATTR_GEN_AI_REQUEST_TOP_P]: 0.9,
      [ATTR_GEN_AI_REQUEST_TOP_K]: 40,
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 256,
      [ATTR_GEN_AI_REQUEST_STREAM]: false,
      [ATTR_GEN_AI_RESPONSE_ID]: message.id,
      [ATTR_GEN_AI_RESPONSE_MODEL]: message.model,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['end_turn'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: message.usage.input_tokens,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: message.usage.output_tokens,
      [ATTR_SERVER_ADDRESS]: '127.0.0.1',
      [ATTR_SERVER_PORT]: Number(new URL(llm().url).port),
      [ATTR_VIGIL_USE_CASE]: 'support-reply',
      [ATTR_VIGIL_USER_ID]: 'user-42',
    })
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeUndefined()
  })

  it('counts cache reads and writes into input tokens, as the GenAI conventions do', async () => {
    const anthropic = observeAnthropic(makeAnthropicClient(llm()))
    const system = [
      { type: 'text' as const, text: 'Policy. '.repeat(50), cache_control: { type: 'ephemeral' as const } },
    ]
    const written = await anthropic.messages.create(makeAnthropicRequest({ system }))
    const read = await anthropic.messages.create(makeAnthropicRequest({ system }))

    const [writeSpan, readSpan] = await sdk.spans()
    const cached = written.usage.cache_creation_input_tokens ?? 0
    expect(cached).toBeGreaterThan(0)
    expect(writeSpan?.attributes).toMatchObject({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: written.usage.input_tokens + cached,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: cached,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 0,
    })
    expect(read.usage.cache_read_input_tokens).toBe(cached)
    expect(readSpan?.attributes).toMatchObject({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: read.usage.input_tokens + cached,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: 0,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: cached,
    })
  })

  it('records a refusal as a finish reason: the call itself succeeded', async () => {
    const refusing = await startFakeLlm({
      reply: () => ({ text: 'I can’t help with that.', stopReason: 'refusal' }),
    })
    try {
      const anthropic = observeAnthropic(makeAnthropicClient(llm(), { baseURL: refusing.url }))
      const message = await anthropic.messages.create(makeAnthropicRequest())

      expect(message.stop_reason).toBe('refusal')
      const span = await sdk.onlySpan()
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR)
      expect(span.attributes[ATTR_ERROR_TYPE]).toBeUndefined()
      expect(span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['refusal'])
    } finally {
      await refusing.close()
    }
  })

  it('keeps withResponse() and asResponse(), and never reads a body the app reads itself', async () => {
    const anthropic = observeAnthropic(makeAnthropicClient(llm()))
    const { data, response, request_id } = await anthropic.messages
      .create(makeAnthropicRequest())
      .withResponse()
    expect(response.status).toBe(200)
    expect(request_id).toMatch(/^req_fake_/)

    const raw = await anthropic.messages.create(makeAnthropicRequest()).asResponse()
    expect(((await raw.json()) as Anthropic.Message).type).toBe('message')

    const [withResponseSpan, rawSpan] = await sdk.spans()
    expect(withResponseSpan?.attributes[ATTR_GEN_AI_RESPONSE_ID]).toBe(data.id)
    expect(rawSpan?.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined()
  })

  it('adds nothing before init()', async () => {
    await shutdown()
    const anthropic = observeAnthropic(makeAnthropicClient(llm()))
    const pending = anthropic.messages.create(makeAnthropicRequest({ stream: true }))
    const stream = await pending

    expect(pending).toBeInstanceOf(APIPromise)
    expect(types.isProxy(pending)).toBe(false)
    expect(Object.hasOwn(stream, Symbol.asyncIterator)).toBe(false)
    await readAll(stream)
    expect(sdk.exporter.getFinishedSpans()).toHaveLength(0)
    expect(sdk.logger.lines).toEqual([])
  })

  it('leaves the rest of the client untouched', async () => {
    const client = makeAnthropicClient(llm())
    const anthropic = observeAnthropic(client)

    expect(anthropic.models).toBe(client.models)
    expect(anthropic.messages.batches).toBe(client.messages.batches)
    expect(anthropic.messages.countTokens).toBe(client.messages.countTokens)
    expect(anthropic.baseURL).toBe(client.baseURL)
    expect(observeAnthropic(anthropic)).toBe(anthropic)
    // Methods that read the client's private fields still work.
    expect(anthropic.buildURL('/v1/models', null).startsWith(llm().url)).toBe(true)
    const counted = await anthropic.messages.countTokens(makeAnthropicRequest())
    expect(counted.input_tokens).toEqual(expect.any(Number))
    expect(await sdk.spans()).toHaveLength(0)

    await anthropic.withOptions({ timeout: 5_000 }).messages.create(makeAnthropicRequest())
    expect(await sdk.spans()).toHaveLength(1)
    // parse() calls this.create(), which is the observed one.
    await anthropic.messages.parse(makeAnthropicRequest())
    expect(await sdk.spans()).toHaveLength(2)
  })

  it('never throws into the app when recording fails', async () => {
    // A stream Vigil cannot watch (frozen): the app still gets it, and Vigil logs the fault.
    const events = [{ type: 'message_stop' }]
    const frozen = Object.freeze({
      async *[Symbol.asyncIterator]() {
        yield* events
      },
    })
    const client = { messages: { create: async (_params: unknown) => frozen } }
    const anthropic = observeAnthropic(client)

    const stream = await anthropic.messages.create({ ...makeAnthropicRequest(), stream: true })

    expect(stream).toBe(frozen)
    expect(await readAll(stream)).toEqual(events)
    expect(sdk.logger.text('error')).toMatch(/Anthropic call; the call itself is unaffected/)
    // The call is still recorded, without what only the stream could tell.
    expect((await sdk.onlySpan()).attributes[ATTR_GEN_AI_REQUEST_STREAM]).toBe(true)
  })

  it('ranks its own context below withContext() values, which win field by field, tags adding up', async () => {
    const anthropic = observeAnthropic(makeAnthropicClient(llm()), {
      useCase: 'client-default',
      userId: 'user-1',
      tags: ['client'],
    })

    await withContext({ useCase: 'support-reply', tags: ['request'] }, () =>
      anthropic.messages.create(makeAnthropicRequest()),
    )

    expect((await sdk.onlySpan()).attributes).toMatchObject({
      [ATTR_VIGIL_USE_CASE]: 'support-reply',
      [ATTR_VIGIL_USER_ID]: 'user-1',
      [ATTR_VIGIL_TAGS]: ['client', 'request'],
    })
  })

  it('makes its span the active one while the SDK sends the request', async () => {
    const spy = callIdsSeenByFetch()
    const anthropic = observeAnthropic(makeAnthropicClient(llm(), { fetch: spy.fetch }))

    await anthropic.messages.create(makeAnthropicRequest())

    const { traceId, spanId } = (await sdk.onlySpan()).spanContext()
    expect(spy.seen).toEqual([{ traceId, spanId }])
    expect(getCurrentCallIds()).toBeUndefined()
  })
})
