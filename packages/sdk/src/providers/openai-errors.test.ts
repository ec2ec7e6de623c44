import { SpanStatusCode } from '@opentelemetry/api'
import OpenAI, { APIConnectionTimeoutError, InternalServerError, RateLimitError } from 'openai'
import { beforeEach, describe, expect, it } from 'vitest'
import { openAiClientOptions, useFakeLlm } from '../test-support/fake-llm.js'
import { unusedEndpoint } from '../test-support/loopback-collector.js'
import { useRecordingSdk } from '../test-support/recording-sdk.js'
import { observeOpenAI } from './openai.js'

const llm = useFakeLlm()
const sdk = useRecordingSdk()
let raw: OpenAI

beforeEach(() => {
  raw = new OpenAI(openAiClientOptions(llm()))
})

/** Keeps the error the client itself produced, to check the app gets that very object. */
function captureClientError(client: OpenAI): { error?: unknown } {
  const captured: { error?: unknown } = {}
  const create = client.chat.completions.create
  client.chat.completions.create = function (this: unknown, ...args: unknown[]) {
    const promise = Reflect.apply(create, this, args) as Promise<unknown>
    promise.catch((error: unknown) => {
      captured.error = error
    })
    return promise
  } as typeof create
  return captured
}

const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hello' }] }

describe('observeOpenAI errors', () => {
  it('hands the app the client’s own 429 error and records error.type 429', async () => {
    const captured = captureClientError(raw)
    llm().enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 7 })

    const error = await observeOpenAI(raw)
      .chat.completions.create(request)
      .catch((e: unknown) => e)

    expect(error).toBe(captured.error)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).headers.get('retry-after')).toBe('7')
    const span = await sdk.onlySpan()
    expect(span?.status.code).toBe(SpanStatusCode.ERROR)
    expect(span?.attributes['error.type']).toBe('429')
  })

  it('records a server error by its status', async () => {
    llm().enqueueFault({ kind: 'status', status: 503 })

    await expect(observeOpenAI(raw).chat.completions.create(request)).rejects.toBeInstanceOf(
      InternalServerError,
    )

    expect((await sdk.onlySpan())?.attributes['error.type']).toBe('503')
  })

  it('records the client’s timeout as error.type timeout', async () => {
    const client = new OpenAI({ ...openAiClientOptions(llm()), timeout: 200 })
    const captured = captureClientError(client)
    llm().enqueueFault({ kind: 'hang' })

    const error = await observeOpenAI(client)
      .chat.completions.create(request)
      .catch((e: unknown) => e)

    expect(error).toBe(captured.error)
    expect(error).toBeInstanceOf(APIConnectionTimeoutError)
    expect((await sdk.onlySpan())?.attributes['error.type']).toBe('timeout')
  })

  it('records an unreachable server as error.type connection_error', async () => {
    const client = new OpenAI({ baseURL: `${await unusedEndpoint()}/v1`, apiKey: 'test', maxRetries: 0 })

    await expect(observeOpenAI(client).embeddings.create({ model: 'e', input: 'x' })).rejects.toThrow()

    expect((await sdk.onlySpan())?.attributes['error.type']).toBe('connection_error')
  })

  it('records a failed stream request before any chunk', async () => {
    llm().enqueueFault({ kind: 'status', status: 500 })

    await expect(observeOpenAI(raw).chat.completions.create({ ...request, stream: true })).rejects.toThrow()

    const span = await sdk.onlySpan()
    expect(span?.attributes['error.type']).toBe('500')
    expect(span?.attributes['gen_ai.request.stream']).toBe(true)
  })
})
