import { describe, expect, it } from 'vitest'
import { inputMessages, outputMessage, systemInstructions } from './anthropic-content.js'

describe('Anthropic content as GenAI messages', () => {
  it('turns system text or text blocks into system instructions', () => {
    expect(systemInstructions('Be brief.')).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
    ])
    expect(
      systemInstructions([{ type: 'text', text: 'Policy', cache_control: { type: 'ephemeral' } }]),
    ).toEqual([{ role: 'system', parts: [{ type: 'text', content: 'Policy' }] }])
    expect(systemInstructions(undefined)).toEqual([])
  })

  it('maps text, tool calls and tool results, and leaves out images', () => {
    const messages = inputMessages([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'tu_1', name: 'weather', input: { city: 'Paris' } }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'tu_1', content: '18°C' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
        ],
      },
    ])

    expect(messages).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'tu_1', name: 'weather', arguments: { city: 'Paris' } }],
      },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 'tu_1', response: '18°C' }] },
    ])
  })

  it('records the stop reason as the output message’s finish_reason', () => {
    expect(outputMessage([{ type: 'text', text: 'Hi' }], 'end_turn')).toEqual({
      role: 'assistant',
      parts: [{ type: 'text', content: 'Hi' }],
      finish_reason: 'end_turn',
    })
  })
})
