import OpenAI from 'openai'
import { describe, expect, it, vi } from 'vitest'
import { getStats } from '../init.js'
import { openAiClientOptions, useFakeLlm } from '../test-support/fake-llm.js'
import { observeOpenAI } from './openai.js'

// A file of its own: it needs SDK state in which init() was never called.
const llm = useFakeLlm()

describe('observeOpenAI before init()', () => {
  it('sends the request unchanged, hands back the same chunks, records nothing and warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const raw = new OpenAI(openAiClientOptions(llm()))
    const client = observeOpenAI(raw)
    const request = {
      model: 'gpt-4o',
      messages: [{ role: 'user' as const, content: 'Hello' }],
      stream: true as const,
    }

    const seen = []
    for await (const chunk of await client.chat.completions.create(request)) seen.push(chunk)
    const sent = llm().requests.at(-1)?.body
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
