import { describe, expect, it } from 'vitest'
import { parseMessages } from './genai-messages.js'

describe('parseMessages', () => {
  it('reads GenAI messages with text, tool calls and tool results', () => {
    const json = JSON.stringify([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'c1', name: 'lookup_order', arguments: { id: 'A-1' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: 'shipped' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'It shipped.' }], finish_reason: 'stop' },
    ])
    const parsed = parseMessages(json)
    expect(parsed.kind).toBe('messages')
    if (parsed.kind !== 'messages') return
    expect(parsed.messages.map((m) => m.role)).toEqual(['system', 'assistant', 'tool', 'assistant'])
    expect(parsed.messages[1]?.parts[0]).toEqual({
      kind: 'tool_call',
      name: 'lookup_order',
      id: 'c1',
      body: '{\n  "id": "A-1"\n}',
    })
    expect(parsed.messages[2]?.parts[0]).toEqual({ kind: 'tool_result', id: 'c1', body: 'shipped' })
    expect(parsed.messages[3]?.finishReason).toBe('stop')
  })

  it('accepts OpenAI-style content strings', () => {
    const parsed = parseMessages('[{"role":"user","content":"hi"}]')
    expect(parsed).toEqual({
      kind: 'messages',
      messages: [{ role: 'user', parts: [{ kind: 'text', text: 'hi' }], finishReason: null }],
    })
  })

  it('keeps unknown part types visible rather than dropping them', () => {
    const parsed = parseMessages('[{"role":"user","parts":[{"type":"image","uri":"s3://x"}]}]')
    expect(parsed.kind === 'messages' && parsed.messages[0]?.parts[0]).toEqual({
      kind: 'other',
      type: 'image',
      body: '{\n  "uri": "s3://x"\n}',
    })
  })

  it('shows content that is not messages JSON (cut by the length limit, or another shape) as raw text', () => {
    const cut = '[{"role":"user","parts":[{"type":"text","content":"long…[truncated]'
    expect(parseMessages(cut)).toEqual({ kind: 'raw', text: cut })
    expect(parseMessages('{"prompt":"x"}')).toEqual({ kind: 'raw', text: '{"prompt":"x"}' })
    expect(parseMessages('[1,2]')).toEqual({ kind: 'raw', text: '[1,2]' })
  })
})
