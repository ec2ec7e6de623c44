import { describe, expect, it } from 'vitest'
import { mapSpan } from '../map-span.js'
import { makeGenAiSpan, testPrices } from '../testing/make-span.js'

function mapCall(span: ReturnType<typeof makeGenAiSpan>) {
  const mapped = mapSpan(span, 'p1', testPrices)
  if (mapped.kind !== 'call') throw new Error(`expected a call, got ${mapped.kind}`)
  return mapped.call
}

describe('GenAI conventions source', () => {
  it('prices cached input at its own rate, counted inside the input total', () => {
    const call = mapCall(
      makeGenAiSpan({
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 2000,
        'gen_ai.usage.cache_read.input_tokens': 1500,
        'gen_ai.usage.output_tokens': 100,
      }),
    )
    expect(call).toMatchObject({ input_tokens: 2000, cache_read_tokens: 1500, source: 'otel-genai' })
    // 500 × 0.15 + 1500 × 0.075 + 100 × 0.60, per million
    expect(call.cost_usd).toBeCloseTo((500 * 0.15 + 1500 * 0.075 + 100 * 0.6) / 1e6, 12)
  })

  it('adds cache back into an input count that evidently left it out (Anthropic-shaped usage)', () => {
    const call = mapCall(
      makeGenAiSpan({
        'gen_ai.request.model': 'claude-sonnet-4-5',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.usage.input_tokens': 20,
        'gen_ai.usage.cache_read.input_tokens': 1000,
        'gen_ai.usage.cache_creation.input_tokens': 200,
        'gen_ai.usage.output_tokens': 50,
      }),
    )
    expect(call.input_tokens).toBe(1220)
    expect(call.cost_usd).toBeCloseTo((20 * 3 + 1000 * 0.3 + 200 * 3.75 + 50 * 15) / 1e6, 12)
  })

  it('stores captured messages in the GenAI JSON shape, system instructions first', () => {
    const input = [{ role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] }]
    const output = [
      { role: 'assistant', parts: [{ type: 'text', content: 'On its way.' }], finish_reason: 'stop' },
    ]
    const call = mapCall(
      makeGenAiSpan({
        'gen_ai.input.messages': JSON.stringify(input),
        'gen_ai.output.messages': JSON.stringify(output),
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be brief.' }]),
      }),
    )
    expect(JSON.parse(call.input_content)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      ...input,
    ])
    expect(JSON.parse(call.output_content)).toEqual(output)
  })

  it('accepts messages sent as structured values instead of JSON text', () => {
    const call = mapCall(
      makeGenAiSpan({
        'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
      }),
    )
    expect(JSON.parse(call.input_content)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
    ])
  })

  it('normalizes provider names and reads user and session from the general conventions', () => {
    const call = mapCall(
      makeGenAiSpan({
        'gen_ai.system': 'AWS',
        'user.id': 'u-1',
        'gen_ai.conversation.id': 'conv-9',
      }),
    )
    expect(call).toMatchObject({ provider: 'aws.bedrock', user_id: 'u-1', session_id: 'conv-9' })
  })

  it('derives embeddings input from the total when only the total is known', () => {
    const call = mapCall(
      makeGenAiSpan({
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.request.model': 'text-embedding-3-small',
        'gen_ai.usage.total_tokens': 500,
      }),
    )
    expect(call).toMatchObject({ operation: 'embeddings', input_tokens: 500, output_tokens: null })
    expect(call.cost_usd).toBeCloseTo((500 * 0.02) / 1e6, 12)
  })
})
