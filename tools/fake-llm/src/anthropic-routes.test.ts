import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withAnthropicRoutes } from './anthropic-routes.js'
import { estimateTokens, FakeLlmServer } from './fake-llm-server.js'

// Wire-level checks with fetch: this package does not depend on @anthropic-ai/sdk. The real
// client is tested against these routes in packages/sdk/src/providers/anthropic-fake-llm.test.ts.

let server: FakeLlmServer

beforeEach(async () => {
  server = withAnthropicRoutes(new FakeLlmServer())
  await server.listen()
})

afterEach(async () => {
  await server.close()
})

function makeRequest(overrides: Record<string, unknown> = {}) {
  return {
    model: 'claude-sonnet-4-6',
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Hello there' }],
    ...overrides,
  }
}

/** The fields of the fake's answers these tests read. */
interface AnswerBody {
  usage: Record<string, number>
  content: Array<{ text: string }>
  stop_reason: string
  error: { type: string }
}

async function json(response: Response): Promise<AnswerBody> {
  return (await response.json()) as AnswerBody
}

function post(body: unknown, path = '/v1/messages') {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** Parses an SSE body into [event, data] pairs. */
function sseEvents(text: string): Array<[string, Record<string, unknown>]> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n')
      return [eventLine?.slice('event: '.length) ?? '', JSON.parse(dataLine?.slice('data: '.length) ?? '{}')]
    })
}

describe('withAnthropicRoutes', () => {
  it('answers a message deterministically, with usage from estimateTokens', async () => {
    const response = await post(makeRequest())
    const message = await response.json()

    const text = 'Fake reply from claude-sonnet-4-6 to: Hello there'
    expect(response.status).toBe(200)
    expect(response.headers.get('request-id')).toMatch(/^req_fake_/)
    expect(message).toEqual({
      id: expect.stringMatching(/^msg_fake_/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: estimateTokens('Hello there'),
        output_tokens: estimateTokens(text),
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
      },
    })
  })

  it('writes the cached prefix on the first request and reads it on the next', async () => {
    const system = [
      {
        type: 'text',
        text: 'You are a careful assistant. '.repeat(20),
        cache_control: { type: 'ephemeral' },
      },
    ]
    const first = await json(await post(makeRequest({ system })))
    const second = await json(await post(makeRequest({ system })))

    const prefixTokens = estimateTokens(system[0]?.text ?? '')
    expect(first.usage).toMatchObject({
      cache_creation_input_tokens: prefixTokens,
      cache_read_input_tokens: 0,
    })
    expect(second.usage).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: prefixTokens,
    })
    // input_tokens excludes the cache, as Anthropic bills it.
    expect(second.usage.input_tokens).toBe(estimateTokens('Hello there'))
  })

  it('cuts the text at max_tokens and says so in stop_reason', async () => {
    const message = await json(await post(makeRequest({ max_tokens: 2 })))

    expect(message.stop_reason).toBe('max_tokens')
    expect(message.content[0]?.text).toHaveLength(8)
  })

  it('streams Anthropic’s event sequence, with usage split over message_start and message_delta', async () => {
    const response = await post(makeRequest({ stream: true }))
    const events = sseEvents(await response.text())

    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const names = events.map(([name]) => name)
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping'])
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop'])
    for (const [name, data] of events) expect(data.type).toBe(name)
    const deltas = events.filter(([name]) => name === 'content_block_delta')
    const text = deltas.map(([, data]) => (data.delta as { text: string }).text).join('')
    expect(text).toBe('Fake reply from claude-sonnet-4-6 to: Hello there')
    expect(events[0]?.[1]).toMatchObject({
      message: { usage: { input_tokens: estimateTokens('Hello there') } },
    })
    expect(events.at(-2)?.[1]).toMatchObject({
      delta: { stop_reason: 'end_turn' },
      usage: { output_tokens: estimateTokens(text) },
    })
  })

  it('plays status faults in Anthropic’s error shape, with retry-after', async () => {
    server.enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 3 })
    server.enqueueFault({ kind: 'status', status: 529 })
    const limited = await post(makeRequest())
    const overloaded = await post(makeRequest())

    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3')
    expect(await limited.json()).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: expect.any(String) },
    })
    expect(overloaded.status).toBe(529)
    expect((await json(overloaded)).error.type).toBe('overloaded_error')
  })

  it('cuts a stream after the given number of events', async () => {
    server.enqueueFault({ kind: 'cut-stream', afterChunks: 2 })
    const response = await post(makeRequest({ stream: true }))

    const reader = response.body?.getReader()
    let received = ''
    const decoder = new TextDecoder()
    await expect(
      (async () => {
        for (;;) {
          const chunk = await reader?.read()
          if (chunk === undefined || chunk.done) return
          received += decoder.decode(chunk.value)
        }
      })(),
    ).rejects.toThrow()
    expect(sseEvents(received).map(([name]) => name)).toEqual(['message_start', 'content_block_start'])
  })

  it('leaves a request hanging until the client gives up', async () => {
    server.enqueueFault({ kind: 'hang' })
    const controller = new AbortController()
    const pending = fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify(makeRequest()),
      signal: controller.signal,
    })
    // The request is recorded once its body is read, before the fault is played.
    await expect.poll(() => server.requests.length).toBe(1)
    controller.abort()

    await expect(pending).rejects.toThrow()
  })

  it('rejects a request without max_tokens as the real API does', async () => {
    const response = await post({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] })

    expect(response.status).toBe(400)
    expect((await json(response)).error.type).toBe('invalid_request_error')
  })

  it('counts tokens of the whole prompt', async () => {
    const response = await post(makeRequest(), '/v1/messages/count_tokens')

    expect(await response.json()).toEqual({ input_tokens: estimateTokens('Hello there') })
  })
})
