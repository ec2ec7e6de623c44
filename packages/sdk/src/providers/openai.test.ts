import { SpanStatusCode } from '@opentelemetry/api'
import OpenAI, { APIPromise } from 'openai'
import { beforeEach, describe, expect, it } from 'vitest'
import { getCurrentCallIds, withContext } from '../context.js'
import { openAiClientOptions, useFakeLlm } from '../test-support/fake-llm.js'
import { callIdsSeenByFetch } from '../test-support/fixtures.js'
import { useRecordingSdk } from '../test-support/recording-sdk.js'
import { observeOpenAI } from './openai.js'
import { describeEndpoint } from './openai-endpoint.js'

const llm = useFakeLlm()
const sdk = useRecordingSdk()
let raw: OpenAI

beforeEach(() => {
  raw = new OpenAI(openAiClientOptions(llm()))
})

const messages = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'Summarize the ticket' },
]

describe('observeOpenAI', () => {
  it('records a chat completion with request parameters, response, and usage with cached and reasoning tokens', async () => {
    const client = observeOpenAI(raw, {
      useCase: 'summarize',
      userId: 'user-42',
      sessionId: 'sess-7',
      promptVersion: 'v3',
      tags: ['beta'],
    })
    const request = {
      model: 'o3-mini-cached',
      messages,
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 500,
    }

    const completion = await client.chat.completions.create(request)

    expect(completion).toEqual(await raw.chat.completions.create(request))
    const [span] = await sdk.spans()
    const usage = completion.usage
    expect(usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0)
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0)
    expect(span?.name).toBe('chat o3-mini-cached')
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR)
    expect(span?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'o3-mini-cached',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.max_tokens': 500,
      'gen_ai.request.stream': false,
      'gen_ai.response.id': completion.id,
      'gen_ai.response.model': 'o3-mini-cached-2025-01-01',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': usage?.completion_tokens,
      'gen_ai.usage.cache_read.input_tokens': usage?.prompt_tokens_details?.cached_tokens,
      'gen_ai.usage.reasoning.output_tokens': usage?.completion_tokens_details?.reasoning_tokens,
      'openai.api.type': 'chat_completions',
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': 'fp_fake',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(llm().url).port),
      'vigil.use_case': 'summarize',
      'vigil.user_id': 'user-42',
      'vigil.session_id': 'sess-7',
      'vigil.prompt_version': 'v3',
      'vigil.tags': ['beta'],
    })
  })

  it('returns the client’s own APIPromise, whose withResponse() and asResponse() still work', async () => {
    const client = observeOpenAI(raw)

    const promise = client.chat.completions.create({ model: 'gpt-4o', messages })
    expect(promise).toBeInstanceOf(APIPromise)
    const { data, response, request_id } = await promise.withResponse()
    expect(data.choices[0]?.message.content).toContain('Summarize the ticket')
    expect(response.status).toBe(200)
    expect(request_id).toMatch(/^req_/)

    // asResponse() hands the app the unread body: Vigil must not have parsed it.
    const rawResponse = await client.chat.completions.create({ model: 'gpt-4o', messages }).asResponse()
    expect(((await rawResponse.json()) as { object: string }).object).toBe('chat.completion')

    const [first, second] = await sdk.spans()
    expect(first?.attributes['gen_ai.usage.input_tokens']).toBe(data.usage?.prompt_tokens)
    expect(second?.attributes['gen_ai.usage.input_tokens']).toBeUndefined()
    expect(second?.status.code).not.toBe(SpanStatusCode.ERROR)
  })

  it('records a content-filter refusal as an error of type content_filter, handing the app the answer', async () => {
    const client = observeOpenAI(raw)

    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Something [content_filter] worthy' }],
    })

    expect(completion.choices[0]?.finish_reason).toBe('content_filter')
    const [span] = await sdk.spans()
    expect(span?.status.code).toBe(SpanStatusCode.ERROR)
    expect(span?.attributes['error.type']).toBe('content_filter')
    expect(span?.attributes['gen_ai.response.finish_reasons']).toEqual(['content_filter'])
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBe(completion.usage?.prompt_tokens)
  })

  it('leaves every other member of the client as it is', async () => {
    const client = observeOpenAI(raw)

    expect(client).toBeInstanceOf(OpenAI)
    expect(client.models).toBe(raw.models)
    expect(client.chat.completions.messages).toBe(raw.chat.completions.messages)
    expect(client.baseURL).toBe(raw.baseURL)
    expect(client.chat).toBe(client.chat)
    expect(client.chat.completions.create).toBe(client.chat.completions.create)
    // A client method that uses the client's private fields, called through the wrapper.
    const direct = await client.post<OpenAI.ChatCompletion>('/chat/completions', {
      body: { model: 'gpt-4o', messages },
    })
    expect(direct.object).toBe('chat.completion')
    expect(await sdk.spans()).toHaveLength(0)
  })

  it('ranks its own context below withContext() values, which win field by field, tags adding up', async () => {
    const client = observeOpenAI(raw, { useCase: 'client-default', userId: 'user-1', tags: ['client'] })

    await withContext({ useCase: 'support-reply', tags: ['request'] }, () =>
      client.chat.completions.create({ model: 'gpt-4o', messages }),
    )

    const [span] = await sdk.spans()
    expect(span?.attributes).toMatchObject({
      'vigil.use_case': 'support-reply',
      'vigil.user_id': 'user-1',
      'vigil.tags': ['client', 'request'],
    })
  })

  it('makes its span the active one while the client sends the request', async () => {
    const spy = callIdsSeenByFetch()
    const client = observeOpenAI(new OpenAI({ ...openAiClientOptions(llm()), fetch: spy.fetch }))

    await client.chat.completions.create({ model: 'gpt-4o', messages })

    const { traceId, spanId } = (await sdk.onlySpan()).spanContext()
    expect(spy.seen).toEqual([{ traceId, spanId }])
    expect(getCurrentCallIds()).toBeUndefined()
  })

  it('wraps the client that withOptions() returns', async () => {
    const client = observeOpenAI(raw, { useCase: 'triage' })

    await client.withOptions({ timeout: 5_000 }).chat.completions.create({ model: 'gpt-4o', messages })

    const [span] = await sdk.spans()
    expect(span?.attributes['vigil.use_case']).toBe('triage')
  })

  it('never throws into the app when recording fails, and logs instead', async () => {
    const completion = {
      get choices(): never[] {
        throw new Error('odd payload')
      },
    }
    const frozen = Object.freeze({
      // biome-ignore lint/suspicious/noThenProperty: a promise-like answer that Vigil cannot watch in place
      then: (resolve: (value: unknown) => void) => resolve({ id: 'x' }),
    })
    const client = observeOpenAI({
      baseURL: 'https://api.openai.com/v1',
      chat: { completions: { create: async (_body: unknown) => completion } },
      embeddings: { create: (_body: unknown) => frozen },
    })

    await expect(client.chat.completions.create({ model: 'gpt-4o', messages })).resolves.toBe(completion)
    expect(client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' })).toBe(frozen)

    expect(sdk.logger.text('error')).toContain('odd payload')
    expect(sdk.logger.text('error')).toContain('Could not watch an OpenAI call')
    expect(await sdk.spans()).toHaveLength(2)
  })
})

describe('describeEndpoint', () => {
  it('names Azure OpenAI from its host and reads the default port', () => {
    expect(describeEndpoint('https://contoso.openai.azure.com/openai')).toEqual({
      provider: 'azure.ai.openai',
      attributes: { 'server.address': 'contoso.openai.azure.com', 'server.port': 443 },
    })
    expect(describeEndpoint('https://api.openai.com/v1').provider).toBe('openai')
    expect(describeEndpoint(undefined)).toEqual({ provider: 'openai', attributes: {} })
  })
})
