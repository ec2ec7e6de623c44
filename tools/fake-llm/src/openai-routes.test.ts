import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeLlmServer } from './fake-llm-server.js'
import { withOpenAiRoutes } from './openai-routes.js'

// Wire-level checks with fetch: this package cannot import the `openai` client.
// The SDK's provider tests (packages/sdk/src/providers/openai*.test.ts) drive
// these routes with the real client.
let server: FakeLlmServer
let url: string

beforeEach(async () => {
  server = withOpenAiRoutes(new FakeLlmServer(), { now: () => 1_700_000_000_000 })
  url = await server.listen()
})

afterEach(async () => {
  await server.close()
})

function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  })
}

// Wire payloads are asserted field by field; typing each OpenAI shape here would only restate the routes.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Payload = any

async function postJson(path: string, body: unknown): Promise<Payload> {
  return (await post(path, body)).json()
}

/** The `event:`/`data:` pairs of an SSE body, in order. */
function events(text: string): Array<{ event?: string; data: string }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n')
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7)
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? ''
      return event === undefined ? { data } : { event, data }
    })
}

const messages = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Say hello to the team' },
]

describe('fake OpenAI chat completions', () => {
  it('answers deterministically with OpenAI usage fields', async () => {
    const first = await postJson('/chat/completions', { model: 'gpt-4o', messages })
    const second = await postJson('/chat/completions', { model: 'gpt-4o', messages })

    expect(second).toEqual(first)
    expect(first).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-4o-2025-01-01',
      choices: [{ index: 0, message: { role: 'assistant' }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: expect.any(Number),
        completion_tokens: expect.any(Number),
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    })
  })

  it('reports cached tokens for a "-cached" model and reasoning tokens for a reasoning model', async () => {
    const body = await postJson('/chat/completions', { model: 'o3-mini-cached', messages })
    const { usage } = body
    expect(usage.prompt_tokens_details.cached_tokens).toBe(Math.ceil(usage.prompt_tokens / 2))
    expect(usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0)
    expect(usage.completion_tokens).toBeGreaterThan(usage.completion_tokens_details.reasoning_tokens)
  })

  it('streams chunks ending with [DONE], and no usage unless include_usage asks for it', async () => {
    const plain = events(
      await (await post('/chat/completions', { model: 'gpt-4o', messages, stream: true })).text(),
    )
    expect(plain.at(-1)?.data).toBe('[DONE]')
    const chunks = plain.slice(0, -1).map((e) => JSON.parse(e.data))
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && !('usage' in chunk))).toBe(
      true,
    )
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop')

    const withUsage = events(
      await (
        await post('/chat/completions', {
          model: 'gpt-4o',
          messages,
          stream: true,
          stream_options: { include_usage: true },
        })
      ).text(),
    )
    const usageChunks = withUsage.slice(0, -1).map((e) => JSON.parse(e.data))
    expect(usageChunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true)
    expect(usageChunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } })
    expect(usageChunks.slice(0, -1)).toEqual(chunks.map((chunk) => ({ ...chunk, usage: null })))
  })
})

describe('fake OpenAI responses', () => {
  it('streams typed events ending with response.completed and its usage', async () => {
    const res = await post('/responses', { model: 'gpt-4.1', input: 'Hi there', stream: true })
    const stream = events(await res.text())
    const types = stream.map((e) => e.event)
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ])
    expect(types).toContain('response.output_text.delta')
    expect(types.at(-1)).toBe('response.completed')
    const completed = JSON.parse(stream.at(-1)?.data ?? '{}')
    expect(completed.response.usage).toMatchObject({
      input_tokens: expect.any(Number),
      output_tokens: expect.any(Number),
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    })
    const deltas = stream.filter((e) => e.event === 'response.output_text.delta')
    const text = deltas.map((e) => JSON.parse(e.data).delta).join('')
    expect(text).toBe(completed.response.output[0].content[0].text)
  })

  it('marks a length cut as incomplete with reason max_output_tokens', async () => {
    const body = await postJson('/responses', { model: 'gpt-4.1', input: 'Hi there', max_output_tokens: 2 })
    expect(body).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } })
    expect(body.usage.output_tokens).toBe(2)
  })
})

describe('fake OpenAI embeddings', () => {
  it('gives the same vectors as floats and as base64 float32', async () => {
    const floats = await postJson('/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'] })
    const base64 = await postJson('/embeddings', {
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      encoding_format: 'base64',
    })
    const bytes = Buffer.from(base64.data[1].embedding, 'base64')
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4))
    expect(decoded).toEqual(floats.data[1].embedding)
    expect(floats.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 })
  })
})

describe('fake OpenAI faults', () => {
  it('answers a queued 429 in OpenAI error shape with retry-after', async () => {
    server.enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 3 })
    const res = await post('/chat/completions', { model: 'gpt-4o', messages })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('3')
    expect(await res.json()).toEqual({
      error: { message: expect.any(String), type: 'requests', param: null, code: 'rate_limit_exceeded' },
    })
  })

  it('cuts a stream after the given number of events', async () => {
    server.enqueueFault({ kind: 'cut-stream', afterChunks: 2 })
    const res = await post('/chat/completions', { model: 'gpt-4o', messages, stream: true })
    const reader = res.body?.getReader()
    let received = ''
    const read = async () => {
      for (;;) {
        const step = await reader?.read()
        if (step === undefined || step.done) return
        received += Buffer.from(step.value).toString('utf8')
      }
    }
    await expect(read()).rejects.toThrow()
    expect(events(received)).toHaveLength(2)
  })

  it('never answers a hung request, while later requests are answered', async () => {
    server.enqueueFault({ kind: 'hang' })
    const controller = new AbortController()
    let settled = false
    const hung = post('/chat/completions', { model: 'gpt-4o', messages }, controller.signal).finally(() => {
      settled = true
    })
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve))
    const next = await post('/chat/completions', { model: 'gpt-4o', messages })
    expect(next.status).toBe(200)
    expect(settled).toBe(false)
    controller.abort()
    await expect(hung).rejects.toThrow(/abort/i)
  })
})
