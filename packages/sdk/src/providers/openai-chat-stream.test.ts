import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { SpanStatusCode } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import OpenAI from 'openai'
import { Stream } from 'openai/core/streaming'
import { beforeEach, describe, expect, it } from 'vitest'
import { openAiClientOptions, useFakeLlm } from '../test-support/fake-llm.js'
import { readAll } from '../test-support/fixtures.js'
import { useRecordingSdk } from '../test-support/recording-sdk.js'
import { endedBy } from '../test-support/span-clock.js'
import { observeOpenAI } from './openai.js'

const llm = useFakeLlm()
const sdk = useRecordingSdk()
let raw: OpenAI
let client: OpenAI

beforeEach(() => {
  raw = new OpenAI(openAiClientOptions(llm()))
  client = observeOpenAI(raw)
})

const request = {
  model: 'gpt-4o-cached',
  messages: [{ role: 'user' as const, content: 'Write a short greeting for the team' }],
  stream: true as const,
}

describe('observeOpenAI chat streams', () => {
  it('asks for usage the app did not ask for, and hands the app exactly the chunks it would have got', async () => {
    const stream = await client.chat.completions.create(request)
    expect(stream).toBeInstanceOf(Stream)
    const seen = await readAll(stream)

    expect(llm().requests.at(-1)?.body).toMatchObject({ stream_options: { include_usage: true } })
    expect(seen).toEqual(await readAll(await raw.chat.completions.create(request)))
    const [span] = await sdk.spans()
    const usage = (await raw.chat.completions.create({ ...request, stream: false })).usage
    expect(span?.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': seen[0]?.id,
      'gen_ai.response.model': 'gpt-4o-cached-2025-01-01',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': usage?.completion_tokens,
      'gen_ai.usage.cache_read.input_tokens': usage?.prompt_tokens_details?.cached_tokens,
    })
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0)
    expect(span?.attributes['vigil.stream.abandoned']).toBeUndefined()
  })

  it('passes the usage chunk through when the app asked for it', async () => {
    const asked = { ...request, stream_options: { include_usage: true } }

    const seen = await readAll(await client.chat.completions.create(asked))

    expect(seen).toEqual(await readAll(await raw.chat.completions.create(asked)))
    const last = seen.at(-1)
    expect(last?.choices).toEqual([])
    const [span] = await sdk.spans()
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBe(last?.usage?.prompt_tokens)
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBe(last?.usage?.completion_tokens)
  })

  it('ends the span when the app stops reading after the first chunk, without usage', async () => {
    const stream = await client.chat.completions.create(request)
    for await (const _chunk of stream) break

    const [span] = await sdk.spans()
    expect(span?.attributes['vigil.stream.abandoned']).toBe(true)
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBeUndefined()
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR)
    // The client's own iterator was closed too, which aborts the request.
    expect(stream.controller.signal.aborted).toBe(true)
  })

  it('treats stream.controller.abort() as the app stopping early', async () => {
    const stream = await client.chat.completions.create(request)
    const seen = []
    for await (const chunk of stream) {
      seen.push(chunk)
      stream.controller.abort()
    }

    // Chunks the client had already buffered still arrive after abort(); how many depends on the network.
    expect(seen.length).toBeGreaterThanOrEqual(1)
    const [span] = await sdk.spans()
    expect(span?.attributes['vigil.stream.abandoned']).toBe(true)
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR)
  })

  it('passes a connection cut mid-stream through to the app and records it as an error', async () => {
    llm().enqueueFault({ kind: 'cut-stream', afterChunks: 3 })
    const stream = await client.chat.completions.create(request)
    const seen: unknown[] = []

    const reading = (async () => {
      for await (const chunk of stream) seen.push(chunk)
    })()

    await expect(reading).rejects.toThrow(TypeError)
    expect(seen).toHaveLength(3)
    const [span] = await sdk.spans()
    expect(span?.status.code).toBe(SpanStatusCode.ERROR)
    expect(span?.attributes['error.type']).toBe('connection_error')
    expect(span?.attributes['gen_ai.response.id']).toBeDefined()
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBeUndefined()
  })

  it('keeps tee() and toReadableStream() working, both without the hidden usage chunk', async () => {
    const expected = await readAll(await raw.chat.completions.create(request))

    const [left, right] = (await client.chat.completions.create(request)).tee()
    expect(await readAll(left)).toEqual(expected)
    expect(await readAll(right)).toEqual(expected)

    const readable = (await client.chat.completions.create(request)).toReadableStream()
    const text = await new Response(readable as ReadableStream).text()
    expect(
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(expected)

    const recorded = await sdk.spans()
    expect(recorded).toHaveLength(2)
    for (const span of recorded)
      expect(span.attributes['gen_ai.usage.input_tokens']).toEqual(expect.any(Number))
  })

  it('does not ask for usage when streamUsage is false, and records no token counts', async () => {
    const quiet = observeOpenAI(raw, { streamUsage: false })

    await readAll(await quiet.chat.completions.create(request))

    expect(llm().requests.at(-1)?.body).not.toHaveProperty('stream_options')
    const [span] = await sdk.spans()
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBeUndefined()
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBeUndefined()
    expect(span?.attributes['gen_ai.response.finish_reasons']).toEqual(['stop'])
  })

  it('ends the span of a stream the app drops unread once it is garbage-collected, at the last touch', async () => {
    // The test process's own GC, reachable without --expose-gc on the command line.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const beforeCall = performance.now()
    await (async () => {
      await client.chat.completions.create(request)
    })()
    // The app got the stream, and never touched it again.
    const afterLastTouch = performance.now()

    // Finalization callbacks run in a later task after a collection: a few rounds, no clock involved.
    let recorded: ReadableSpan[] = []
    for (let round = 0; round < 20 && recorded.length === 0; round++) {
      gc()
      await new Promise((resolve) => setImmediate(resolve))
      recorded = await sdk.spans()
    }
    expect(recorded).toHaveLength(1)
    const [span] = recorded as [ReadableSpan]
    expect(span.attributes['vigil.stream.abandoned']).toBe(true)
    // Ended when the app last touched the stream, not when the collector found it dropped.
    expect(endedBy(span, beforeCall, afterLastTouch)).toBe(true)
  })

  it('keeps the call open while the app reads through an iterator, even once the Stream object is dropped', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    // As tee() does: the iterator is kept, the Stream object is not.
    const iterator = await (async () =>
      (await client.chat.completions.create(request))[Symbol.asyncIterator]())()
    await iterator.next()

    for (let round = 0; round < 5; round++) {
      gc()
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await sdk.spans()).toHaveLength(0)

    while (!(await iterator.next()).done) {}
    const span = await sdk.onlySpan()
    expect(span.attributes['vigil.stream.abandoned']).toBeUndefined()
    expect(span.attributes['gen_ai.usage.input_tokens']).toEqual(expect.any(Number))
  })
})
