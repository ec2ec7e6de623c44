import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import OpenAI from 'openai'
import { beforeEach, describe, expect, it } from 'vitest'
import { openAiClientOptions, useFakeLlm } from '../test-support/fake-llm.js'
import { useRecordingSdk } from '../test-support/recording-sdk.js'
import { observeOpenAI } from './openai.js'

const llm = useFakeLlm()
const sdk = useRecordingSdk({ captureContent: true })
let client: OpenAI

beforeEach(() => {
  client = observeOpenAI(new OpenAI(openAiClientOptions(llm())))
})

function json(span: ReadableSpan | undefined, attribute: string): unknown {
  return JSON.parse(String(span?.attributes[attribute]))
}

describe('observeOpenAI with content capture', () => {
  it('records a streamed chat’s messages, the system message among the inputs', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello team' }] },
      ],
      stream: true,
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''

    const span = await sdk.onlySpan()
    expect(json(span, 'gen_ai.input.messages')).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hello team' }] },
    ])
    expect(json(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' },
    ])
  })

  it('records Responses API instructions as system instructions', async () => {
    const response = await client.responses.create({
      model: 'gpt-4.1',
      instructions: 'Be brief.',
      input: 'Hi',
    })

    const span = await sdk.onlySpan()
    expect(json(span, 'gen_ai.system_instructions')).toEqual([{ type: 'text', content: 'Be brief.' }])
    expect(json(span, 'gen_ai.input.messages')).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
    ])
    expect(json(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: response.output_text }], finish_reason: 'stop' },
    ])
  })
})
