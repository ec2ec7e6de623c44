import { describe, expect, it } from 'vitest'
import { StreamedMessage } from './anthropic-streamed-message.js'

const start = {
  type: 'message_start',
  message: { id: 'msg_1', model: 'claude-sonnet-4-6', usage: { input_tokens: 9, output_tokens: 1 } },
}

describe('StreamedMessage', () => {
  it('rebuilds text and tool input from deltas, and flags only the first delta', () => {
    const message = new StreamedMessage(true)
    const firsts = [
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking ' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'now.' } },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'tu_1', name: 'weather', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"city":' },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '"Paris"}' },
      },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 20 } },
      { type: 'message_stop' },
    ].map((event) => message.add(event))

    expect(firsts.filter(Boolean)).toHaveLength(1)
    expect(firsts[2]).toBe(true)
    expect(message.content()).toEqual([
      { type: 'text', text: 'Checking now.' },
      { type: 'tool_use', id: 'tu_1', name: 'weather', input: { city: 'Paris' } },
    ])
    expect(message).toMatchObject({
      id: 'msg_1',
      model: 'claude-sonnet-4-6',
      stopReason: 'tool_use',
      sawStop: true,
    })
    expect(message.usage()).toEqual({ input_tokens: 9, output_tokens: 20 })
  })

  it('keeps no content when capture is off, and ignores unknown events', () => {
    const message = new StreamedMessage(false)
    message.add(start)
    message.add({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })
    message.add({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'secret' } })
    message.add({ type: 'some_future_event' })

    expect(message.content()).toEqual([])
    expect(message.usage()).toEqual({ input_tokens: 9, output_tokens: undefined })
  })

  it('has no usage before any usage arrived', () => {
    expect(new StreamedMessage(true).usage()).toBeUndefined()
  })
})
