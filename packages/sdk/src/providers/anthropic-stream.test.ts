import type Anthropic from '@anthropic-ai/sdk'
import { Stream } from '@anthropic-ai/sdk/core/streaming'
import { SpanStatusCode } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_VIGIL_STREAM_ABANDONED,
} from '../attributes.js'
import {
  MESSAGE_START,
  makeAnthropicClient,
  makeAnthropicRequest,
  serveAnthropicEvents,
  withoutIds,
} from '../test-support/anthropic-fixtures.js'
import { useFakeLlm } from '../test-support/fake-llm.js'
import { readAll } from '../test-support/fixtures.js'
import { useRecordingSdk } from '../test-support/recording-sdk.js'
import { observeAnthropic } from './anthropic.js'

const llm = useFakeLlm()
const sdk = useRecordingSdk()

describe('observeAnthropic streams', () => {
  it('passes every event of a create() stream through unchanged and records it once read', async () => {
    const plain = await readAll(
      await makeAnthropicClient(llm()).messages.create(makeAnthropicRequest({ stream: true })),
    )
    const observed = await readAll(
      await observeAnthropic(makeAnthropicClient(llm())).messages.create(
        makeAnthropicRequest({ stream: true }),
      ),
    )

    expect(withoutIds(observed)).toEqual(withoutIds(plain))
    const start = observed[0] as Anthropic.RawMessageStartEvent
    const delta = observed.find((event) => event.type === 'message_delta') as Anthropic.RawMessageDeltaEvent
    const span = await sdk.onlySpan()
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
    const anthropic = observeAnthropic(makeAnthropicClient(llm()))
    const stream = await anthropic.messages.create(makeAnthropicRequest({ stream: true }))
    expect(stream).toBeInstanceOf(Stream)
    expect(stream.controller).toBeInstanceOf(AbortController)

    const [left, right] = stream.tee()
    const [fromLeft, fromRight] = await Promise.all([readAll(left), readAll(right)])
    expect(fromLeft).toEqual(fromRight)
    expect((await sdk.onlySpan()).attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['end_turn'])

    const readable = (
      await anthropic.messages.create(makeAnthropicRequest({ stream: true }))
    ).toReadableStream()
    const lines = (await new Response(readable).text()).trim().split('\n')
    expect(JSON.parse(lines.at(-1) ?? '{}')).toEqual({ type: 'message_stop' })
    expect(await sdk.spans()).toHaveLength(2)
  })

  it('records messages.stream() while text events, async iteration and finalMessage() keep working', async () => {
    const anthropic = observeAnthropic(makeAnthropicClient(llm()))
    const texts: string[] = []
    const stream = anthropic.messages.stream(makeAnthropicRequest()).on('text', (text) => texts.push(text))
    const final = await stream.finalMessage()

    expect(texts.join('')).toBe((final.content[0] as Anthropic.TextBlock).text)
    expect(texts.length).toBeGreaterThan(1)
    const span = await sdk.onlySpan()
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_REQUEST_STREAM]: true,
      [ATTR_GEN_AI_RESPONSE_ID]: final.id,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['end_turn'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: final.usage.input_tokens,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: final.usage.output_tokens,
    })
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toEqual(expect.any(Number))

    const iterated = await readAll(anthropic.messages.stream(makeAnthropicRequest()))
    expect(iterated.at(-1)).toEqual({ type: 'message_stop' })
    expect(await sdk.spans()).toHaveLength(2)
  })

  it('gives a MessageStream the same events as the unobserved client', async () => {
    const collect = (client: Anthropic) => {
      const events: unknown[] = []
      const stream = client.messages
        .stream(makeAnthropicRequest())
        .on('streamEvent', (event) => events.push(event))
      return stream.done().then(() => events)
    }
    const plain = await collect(makeAnthropicClient(llm()))
    const observed = await collect(observeAnthropic(makeAnthropicClient(llm())))

    expect(withoutIds(observed)).toEqual(withoutIds(plain))
  })

  it('ends the span when the app stops reading early, with the usage known so far', async () => {
    const stream = await observeAnthropic(makeAnthropicClient(llm())).messages.create(
      makeAnthropicRequest({ stream: true }),
    )
    for await (const event of stream) {
      if (event.type === 'message_start') break
    }

    const span = await sdk.onlySpan()
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR)
    expect(span.attributes[ATTR_VIGIL_STREAM_ABANDONED]).toBe(true)
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toEqual(expect.any(Number))
    // message_start's output_tokens is a placeholder: without message_delta, output is unknown.
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeUndefined()
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toBeUndefined()
  })

  it('records a stream the app never reads only when it is aborted', async () => {
    const stream = await observeAnthropic(makeAnthropicClient(llm())).messages.create(
      makeAnthropicRequest({ stream: true }),
    )
    expect(await sdk.spans()).toHaveLength(0)

    stream.controller.abort()

    const span = await sdk.onlySpan()
    expect(span.attributes[ATTR_VIGIL_STREAM_ABANDONED]).toBe(true)
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined()
  })

  it('records a stream that closes cleanly before message_stop as incomplete', async () => {
    const truncating = serveAnthropicEvents([['message_start', MESSAGE_START]])
    try {
      const anthropic = observeAnthropic(makeAnthropicClient(llm(), { baseURL: await truncating.listen() }))
      // The app sees a normal end: nothing but the span tells the answer was cut.
      await readAll(await anthropic.messages.create(makeAnthropicRequest({ stream: true })))

      const span = await sdk.onlySpan()
      expect(span.status.code).toBe(SpanStatusCode.ERROR)
      expect(span.attributes[ATTR_ERROR_TYPE]).toBe('incomplete_stream')
      expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(5)
    } finally {
      await truncating.close()
    }
  })
})
