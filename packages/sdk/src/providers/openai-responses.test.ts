import { SpanStatusCode } from '@opentelemetry/api'
import OpenAI from 'openai'
import { beforeEach, describe, expect, it } from 'vitest'
import { openAiClientOptions, useFakeLlm } from '../test-support/fake-llm.js'
import { useRecordingSdk } from '../test-support/recording-sdk.js'
import { observeOpenAI } from './openai.js'

const llm = useFakeLlm()
const sdk = useRecordingSdk()
let raw: OpenAI
let client: OpenAI

beforeEach(() => {
  raw = new OpenAI(openAiClientOptions(llm()))
  client = observeOpenAI(raw, { useCase: 'drafting' })
})

const request = {
  model: 'o4-mini-cached',
  instructions: 'Answer in one line.',
  input: 'Draft a status update',
}

describe('observeOpenAI responses', () => {
  it('records a Response as a chat span with usage, cached and reasoning tokens', async () => {
    const response = await client.responses.create({ ...request, temperature: 0.5, max_output_tokens: 800 })

    expect(response).toEqual(
      await raw.responses.create({ ...request, temperature: 0.5, max_output_tokens: 800 }),
    )
    expect(response.output_text).toContain('Draft a status update')
    const span = await sdk.onlySpan()
    expect(span?.name).toBe('chat o4-mini-cached')
    expect(span?.attributes).toMatchObject({
      'openai.api.type': 'responses',
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.max_tokens': 800,
      'gen_ai.request.stream': false,
      'gen_ai.response.id': response.id,
      'gen_ai.response.model': response.model,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': response.usage?.input_tokens,
      'gen_ai.usage.output_tokens': response.usage?.output_tokens,
      'gen_ai.usage.cache_read.input_tokens': response.usage?.input_tokens_details.cached_tokens,
      'gen_ai.usage.reasoning.output_tokens': response.usage?.output_tokens_details.reasoning_tokens,
      'vigil.use_case': 'drafting',
    })
    expect(response.usage?.input_tokens_details.cached_tokens).toBeGreaterThan(0)
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0)
  })

  it('records a streamed Response from its response.completed event, handing the app every event', async () => {
    const events = []
    for await (const event of await client.responses.create({ ...request, stream: true })) events.push(event)

    const expected = []
    for await (const event of await raw.responses.create({ ...request, stream: true })) expected.push(event)
    expect(events).toEqual(expected)
    const completed = events.at(-1)
    if (completed?.type !== 'response.completed')
      throw new Error('the stream should end with response.completed')
    const span = await sdk.onlySpan()
    expect(span?.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': completed.response.id,
      'gen_ai.usage.input_tokens': completed.response.usage?.input_tokens,
      'gen_ai.usage.output_tokens': completed.response.usage?.output_tokens,
      'gen_ai.usage.reasoning.output_tokens':
        completed.response.usage?.output_tokens_details.reasoning_tokens,
    })
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0)
  })

  it('reports a max_output_tokens cut as finish reason length, not as an error', async () => {
    const response = await client.responses.create({ ...request, max_output_tokens: 2 })

    expect(response.status).toBe('incomplete')
    const span = await sdk.onlySpan()
    expect(span?.attributes['gen_ai.response.finish_reasons']).toEqual(['length'])
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR)
  })
})

describe('observeOpenAI embeddings', () => {
  it('records an embeddings span with input tokens, no output tokens, and the vector size', async () => {
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta'],
    })

    expect(result).toEqual(
      await raw.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] }),
    )
    const span = await sdk.onlySpan()
    expect(span?.name).toBe('embeddings text-embedding-3-small')
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.usage.input_tokens': result.usage.prompt_tokens,
      'gen_ai.embeddings.dimension.count': result.data[0]?.embedding.length,
      'gen_ai.response.model': 'text-embedding-3-small',
    })
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBeUndefined()
  })
})
