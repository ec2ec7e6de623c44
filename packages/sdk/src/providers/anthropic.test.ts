import { types } from 'node:util'
import Anthropic, {
  APIConnectionTimeoutError,
  APIError,
  APIPromise,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk'
import { Stream } from '@anthropic-ai/sdk/core/streaming'
import { SpanStatusCode } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { FakeLlmServer, withAnthropicRoutes } from '@vigil/fake-llm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
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
  ATTR_VIGIL_USE_CASE,
  ATTR_VIGIL_USER_ID,
} from '../attributes.js'
import { InMemorySpanExporter } from '../in-memory-span-exporter.js'
import { flush, init, shutdown } from '../init.js'
import { createCaptureLogger } from '../test-support/capture-logger.js'
import { observeAnthropic } from './anthropic.js'
import {
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_VIGIL_STREAM_ABANDONED,
} from './anthropic-attributes.js'

let server: FakeLlmServer
let exporter: InMemorySpanExporter
let logger: ReturnType<typeof createCaptureLogger>

beforeAll(async () => {
  server = withAnthropicRoutes(new FakeLlmServer())
  await server.listen()
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => {
  exporter = new InMemorySpanExporter()
  logger = createCaptureLogger()
  init({ exporter, logger })
})
afterEach(async () => {
  await shutdown()
})

function makeClient(options: { timeout?: number; baseURL?: string } = {}): Anthropic {
  return new Anthropic({ baseURL: server.url, apiKey: 'test', maxRetries: 0, ...options })
}

function makeRequest<T extends object>(overrides: T = {} as T) {
  return {
    model: 'claude-sonnet-4-6',
    max_tokens: 256,
    messages: [{ role: 'user' as const, content: 'Where is my order?' }],
    ...overrides,
  }
}

async function finishedSpans(): Promise<ReadableSpan[]> {
  await flush()
  return exporter.getFinishedSpans()
}

async function onlySpan(): Promise<ReadableSpan> {
  const spans = await finishedSpans()
  expect(spans).toHaveLength(1)
  return spans[0] as ReadableSpan
}

/** Events with the per-request message id blanked, to compare two requests' streams. */
function withoutIds(events: unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(events).replace(/msg_fake_\d+/g, 'msg_fake'))
}

const messageStart = {
  type: 'message_start',
  message: {
    id: 'msg_cut',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-6',
    content: [],
    stop_reason: null,
    usage: { input_tokens: 5, output_tokens: 1 },
  },
}

/** A server whose every /v1/messages answer is these SSE events, then a clean end. */
function serveEvents(events: Array<[string, unknown]>): FakeLlmServer {
  return new FakeLlmServer().route('/v1/messages', async ({ response }) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.end(events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join(''))
  })
}

async function readAll<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = []
  for await (const event of stream) events.push(event)
  return events
}

describe('observeAnthropic', () => {
  it('records a message as a chat span with request, response, server and context attributes', async () => {
    const anthropic = observeAnthropic(makeClient(), { useCase: 'support-reply', userId: 'user-42' })
    const message = await anthropic.messages.create(makeRequest({ temperature: 0.3, top_p: 0.9, top_k: 40 }))

    const span = await onlySpan()
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
      [ATTR_SERVER_PORT]: Number(new URL(server.url).port),
      [ATTR_VIGIL_USE_CASE]: 'support-reply',
      [ATTR_VIGIL_USER_ID]: 'user-42',
    })
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeUndefined()
  })

  it('counts cache reads and writes into input tokens, as the GenAI conventions do', async () => {
    const anthropic = observeAnthropic(makeClient())
    const system = [
      { type: 'text' as const, text: 'Policy. '.repeat(50), cache_control: { type: 'ephemeral' as const } },
    ]
    const written = await anthropic.messages.create(makeRequest({ system }))
    const read = await anthropic.messages.create(makeRequest({ system }))

    const [writeSpan, readSpan] = await finishedSpans()
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

  it('passes every event of a create() stream through unchanged and records it once read', async () => {
    const plain = await readAll(await makeClient().messages.create(makeRequest({ stream: true })))
    const observed = await readAll(
      await observeAnthropic(makeClient()).messages.create(makeRequest({ stream: true })),
    )

    expect(withoutIds(observed)).toEqual(withoutIds(plain))
    const start = observed[0] as Anthropic.RawMessageStartEvent
    const delta = observed.find((event) => event.type === 'message_delta') as Anthropic.RawMessageDeltaEvent
    const span = await onlySpan()
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_REQUEST_STREAM]: true,
      [ATTR_GEN_AI_RESPONSE_ID]: start.message.id,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['end_turn'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: start.message.usage.input_tokens,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: delta.usage.output_tokens,
    })
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toEqual(expect.any(Number))
    expect(span.attributes[ATTR_VIGIL_STREAM_ABANDONED]).toBeUndefined()
  })

  it('keeps the SDK’s own Stream: controller, tee() and toReadableStream() still work', async () => {
    const anthropic = observeAnthropic(makeClient())
    const stream = await anthropic.messages.create(makeRequest({ stream: true }))
    expect(stream).toBeInstanceOf(Stream)
    expect(stream.controller).toBeInstanceOf(AbortController)

    const [left, right] = stream.tee()
    const [fromLeft, fromRight] = await Promise.all([readAll(left), readAll(right)])
    expect(fromLeft).toEqual(fromRight)
    expect((await onlySpan()).attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['end_turn'])

    const readable = (await anthropic.messages.create(makeRequest({ stream: true }))).toReadableStream()
    const lines = (await new Response(readable).text()).trim().split('\n')
    expect(JSON.parse(lines.at(-1) ?? '{}')).toEqual({ type: 'message_stop' })
    expect(await finishedSpans()).toHaveLength(2)
  })

  it('records messages.stream() while text events, async iteration and finalMessage() keep working', async () => {
    const anthropic = observeAnthropic(makeClient())
    const texts: string[] = []
    const stream = anthropic.messages.stream(makeRequest()).on('text', (text) => texts.push(text))
    const final = await stream.finalMessage()

    expect(texts.join('')).toBe((final.content[0] as Anthropic.TextBlock).text)
    expect(texts.length).toBeGreaterThan(1)
    const span = await onlySpan()
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_REQUEST_STREAM]: true,
      [ATTR_GEN_AI_RESPONSE_ID]: final.id,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['end_turn'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: final.usage.input_tokens,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: final.usage.output_tokens,
    })
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toEqual(expect.any(Number))

    const iterated = await readAll(anthropic.messages.stream(makeRequest()))
    expect(iterated.at(-1)).toEqual({ type: 'message_stop' })
    expect(await finishedSpans()).toHaveLength(2)
  })

  it('gives a MessageStream the same events as the unobserved client', async () => {
    const collect = (client: Anthropic) => {
      const events: unknown[] = []
      const stream = client.messages.stream(makeRequest()).on('streamEvent', (event) => events.push(event))
      return stream.done().then(() => events)
    }
    const plain = await collect(makeClient())
    const observed = await collect(observeAnthropic(makeClient()))

    expect(withoutIds(observed)).toEqual(withoutIds(plain))
  })

  it('ends the span when the app stops reading early, with the usage known so far', async () => {
    const stream = await observeAnthropic(makeClient()).messages.create(makeRequest({ stream: true }))
    for await (const event of stream) {
      if (event.type === 'message_start') break
    }

    const span = await onlySpan()
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR)
    expect(span.attributes[ATTR_VIGIL_STREAM_ABANDONED]).toBe(true)
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toEqual(expect.any(Number))
    // message_start's output_tokens is a placeholder: without message_delta, output is unknown.
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeUndefined()
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toBeUndefined()
  })

  it('records a stream the app never reads only when it is aborted', async () => {
    const stream = await observeAnthropic(makeClient()).messages.create(makeRequest({ stream: true }))
    expect(await finishedSpans()).toHaveLength(0)

    stream.controller.abort()

    const span = await onlySpan()
    expect(span.attributes[ATTR_VIGIL_STREAM_ABANDONED]).toBe(true)
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined()
  })

  it('records a cut stream as failed, and the app gets the error the SDK threw', async () => {
    server.enqueueFault({ kind: 'cut-stream', afterChunks: 4 })
    const stream = await observeAnthropic(makeClient()).messages.create(makeRequest({ stream: true }))
    const received: unknown[] = []
    const error = await (async () => {
      for await (const event of stream) received.push(event)
    })().catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(Error)
    expect(received.length).toBeGreaterThan(0)
    const span = await onlySpan()
    expect(span.status.code).toBe(SpanStatusCode.ERROR)
    // fetch's `TypeError: terminated` says little; its cause's code says the connection dropped.
    expect(error).toBeInstanceOf(TypeError)
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('UND_ERR_SOCKET')
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toEqual(expect.any(Number))
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeUndefined()
  })

  it('records a stream that closes cleanly before message_stop as incomplete', async () => {
    const truncating = serveEvents([['message_start', messageStart]])
    try {
      const anthropic = observeAnthropic(makeClient({ baseURL: await truncating.listen() }))
      // The app sees a normal end: nothing but the span tells the answer was cut.
      await readAll(await anthropic.messages.create(makeRequest({ stream: true })))

      const span = await onlySpan()
      expect(span.status.code).toBe(SpanStatusCode.ERROR)
      expect(span.attributes[ATTR_ERROR_TYPE]).toBe('incomplete_stream')
      expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(5)
    } finally {
      await truncating.close()
    }
  })

  it('records an overload announced inside a 200 stream as 529', async () => {
    const overloaded = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }
    const failing = serveEvents([
      ['message_start', messageStart],
      ['error', overloaded],
    ])
    try {
      const anthropic = observeAnthropic(makeClient({ baseURL: await failing.listen() }))
      const stream = await anthropic.messages.create(makeRequest({ stream: true }))
      const error = await readAll(stream).catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(APIError)
      expect((await onlySpan()).attributes[ATTR_ERROR_TYPE]).toBe('529')
    } finally {
      await failing.close()
    }
  })

  it('rejects with the SDK’s own 429 error object and records error.type 429', async () => {
    server.enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 7 })
    const pending = observeAnthropic(makeClient()).messages.create(makeRequest())
    const error = await pending.catch((caught: unknown) => caught)

    // The SDK's own (internal) response promise of the same request rejects with this very object.
    const sdkOwn = pending as unknown as { _responseProps(): Promise<unknown> }
    expect(await sdkOwn._responseProps().catch((caught: unknown) => caught)).toBe(error)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).headers.get('retry-after')).toBe('7')
    const span = await onlySpan()
    expect(span.status.code).toBe(SpanStatusCode.ERROR)
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('429')
  })

  it('tells an overload (529) of a stream apart in error.type', async () => {
    server.enqueueFault({ kind: 'status', status: 529 })
    const stream = observeAnthropic(makeClient()).messages.stream(makeRequest())
    const error = await stream.finalMessage().catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(OverloadedError)
    expect((await onlySpan()).attributes[ATTR_ERROR_TYPE]).toBe('529')
  })

  it('records the client’s timeout as error.type timeout', async () => {
    server.enqueueFault({ kind: 'hang' })
    const error = await observeAnthropic(makeClient({ timeout: 200 }))
      .messages.create(makeRequest())
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(APIConnectionTimeoutError)
    expect((await onlySpan()).attributes[ATTR_ERROR_TYPE]).toBe('timeout')
  })

  it('records a refusal as a finish reason: the call itself succeeded', async () => {
    const refusing = withAnthropicRoutes(new FakeLlmServer(), {
      reply: () => ({ text: 'I can’t help with that.', stopReason: 'refusal' }),
    })
    try {
      const anthropic = observeAnthropic(makeClient({ baseURL: await refusing.listen() }))
      const message = await anthropic.messages.create(makeRequest())

      expect(message.stop_reason).toBe('refusal')
      const span = await onlySpan()
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR)
      expect(span.attributes[ATTR_ERROR_TYPE]).toBeUndefined()
      expect(span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['refusal'])
    } finally {
      await refusing.close()
    }
  })

  it('keeps withResponse() and asResponse(), and never reads a body the app reads itself', async () => {
    const anthropic = observeAnthropic(makeClient())
    const { data, response, request_id } = await anthropic.messages.create(makeRequest()).withResponse()
    expect(response.status).toBe(200)
    expect(request_id).toMatch(/^req_fake_/)

    const raw = await anthropic.messages.create(makeRequest()).asResponse()
    expect(((await raw.json()) as Anthropic.Message).type).toBe('message')

    const [withResponseSpan, rawSpan] = await finishedSpans()
    expect(withResponseSpan?.attributes[ATTR_GEN_AI_RESPONSE_ID]).toBe(data.id)
    expect(rawSpan?.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined()
  })

  it('adds nothing before init()', async () => {
    await shutdown()
    const anthropic = observeAnthropic(makeClient())
    const pending = anthropic.messages.create(makeRequest({ stream: true }))
    const stream = await pending

    expect(pending).toBeInstanceOf(APIPromise)
    expect(types.isProxy(pending)).toBe(false)
    expect(Object.hasOwn(stream, Symbol.asyncIterator)).toBe(false)
    await readAll(stream)
    expect(exporter.getFinishedSpans()).toHaveLength(0)
    expect(logger.lines).toEqual([])
  })

  it('leaves the rest of the client untouched', async () => {
    const client = makeClient()
    const anthropic = observeAnthropic(client)

    expect(anthropic.models).toBe(client.models)
    expect(anthropic.messages.batches).toBe(client.messages.batches)
    expect(anthropic.messages.countTokens).toBe(client.messages.countTokens)
    expect(anthropic.baseURL).toBe(client.baseURL)
    expect(observeAnthropic(anthropic)).toBe(anthropic)
    // Methods that read the client's private fields still work.
    expect(anthropic.buildURL('/v1/models', null).startsWith(server.url)).toBe(true)
    const counted = await anthropic.messages.countTokens(makeRequest())
    expect(counted.input_tokens).toEqual(expect.any(Number))
    expect(await finishedSpans()).toHaveLength(0)

    await anthropic.withOptions({ timeout: 5_000 }).messages.create(makeRequest())
    expect(await finishedSpans()).toHaveLength(1)
    // parse() calls this.create(), which is the observed one.
    await anthropic.messages.parse(makeRequest())
    expect(await finishedSpans()).toHaveLength(2)
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

    const stream = await anthropic.messages.create({ ...makeRequest(), stream: true })

    expect(stream).toBe(frozen)
    expect(await readAll(stream)).toEqual(events)
    expect(logger.text('error')).toMatch(/Anthropic call; the call itself is unaffected/)
    // The call is still recorded, without what only the stream could tell.
    expect((await onlySpan()).attributes[ATTR_GEN_AI_REQUEST_STREAM]).toBe(true)
  })
})
