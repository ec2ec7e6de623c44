import { FakeLlmServer, withOpenAiRoutes } from '@vigil/fake-llm'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { getStats } from '../init.js'
import { observeOpenAI } from './openai.js'

// A file of its own: it needs SDK state in which init() was never called.
let server: FakeLlmServer
let raw: OpenAI

beforeAll(async () => {
  server = withOpenAiRoutes(new FakeLlmServer(), { now: () => 1_700_000_000_000 })
  await server.listen()
  raw = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 })
})
afterAll(() => server.close())

describe('observeOpenAI before init()', () => {
  it('sends the request unchanged, hands back the same chunks, records nothing and warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const client = observeOpenAI(raw)
    const request = {
      model: 'gpt-4o',
      messages: [{ role: 'user' as const, content: 'Hello' }],
      stream: true as const,
    }

    const seen = []
    for await (const chunk of await client.chat.completions.create(request)) seen.push(chunk)
    const sent = server.requests.at(-1)?.body
    const expected = []
    for await (const chunk of await raw.chat.completions.create(request)) expected.push(chunk)
    await client.chat.completions.create({ ...request, stream: false })

    expect(sent).toEqual(request)
    expect(seen).toEqual(expected)
    expect(getStats().spansStarted).toBe(0)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]?.[1])).toContain('before init()')
    warn.mockRestore()
  })
})
