import { describe, expect, it } from 'vitest'
import type { Attributes } from '../../otlp/otlp-types.js'
import { mapSpan } from '../map-span.js'
import { makeSpan, testPrices } from '../testing/make-span.js'

/** A span as OpenLLMetry's Python packages send it: legacy names, flat content. */
function makeTraceloopSpan(attributes: Attributes, name = 'openai.chat') {
  return makeSpan({
    name,
    kind: 3,
    scope: 'opentelemetry.instrumentation.openai.v1',
    attributes: {
      'gen_ai.system': 'OpenAI',
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      ...attributes,
    },
  })
}

function mapCall(span: ReturnType<typeof makeSpan>) {
  const mapped = mapSpan(span, 'p1', testPrices)
  if (mapped.kind !== 'call') throw new Error(`expected a call, got ${mapped.kind}`)
  return mapped.call
}

describe('OpenLLMetry source', () => {
  it('maps legacy usage names and derives output from llm.usage.total_tokens', () => {
    const call = mapCall(
      makeTraceloopSpan({
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.prompt_tokens': 1000,
        'llm.usage.total_tokens': 1200,
        'gen_ai.usage.cache_read_input_tokens': 400,
      }),
    )
    expect(call).toMatchObject({
      source: 'openllmetry',
      provider: 'openai',
      operation: 'chat',
      input_tokens: 1000,
      output_tokens: 200,
      cache_read_tokens: 400,
      model: 'gpt-4o-mini-2024-07-18',
    })
    expect(call.cost_usd).toBeCloseTo((600 * 0.15 + 400 * 0.075 + 200 * 0.6) / 1e6, 12)
  })

  it('turns flat gen_ai.prompt / gen_ai.completion attributes into GenAI messages', () => {
    const call = mapCall(
      makeTraceloopSpan({
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'Be brief.',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content': 'Weather in Paris?',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.finish_reason': 'tool_calls',
        'gen_ai.completion.0.tool_calls.0.id': 'call_1',
        'gen_ai.completion.0.tool_calls.0.name': 'weather',
        'gen_ai.completion.0.tool_calls.0.arguments': '{"city":"Paris"}',
      }),
    )
    expect(JSON.parse(call.input_content)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
    ])
    expect(JSON.parse(call.output_content)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }],
        finish_reason: 'tool_calls',
      },
    ])
    expect(call.finish_reasons).toEqual(['tool_calls'])
  })

  it('reads user, session and use case from association properties, else the workflow name', () => {
    const call = mapCall(
      makeTraceloopSpan({
        'traceloop.association.properties.user_id': 'u-7',
        'traceloop.association.properties.chat_id': 'chat-3',
        'traceloop.workflow.name': 'ticket-triage',
      }),
    )
    expect(call).toMatchObject({ user_id: 'u-7', session_id: 'chat-3', use_case: 'ticket-triage' })
  })

  it('labels Anthropic Messages calls chat though the package says "completion"', () => {
    const call = mapCall(
      makeTraceloopSpan({ 'gen_ai.system': 'Anthropic', 'llm.request.type': 'completion' }, 'anthropic.chat'),
    )
    expect(call).toMatchObject({ operation: 'chat', provider: 'anthropic' })
    const embedding = mapCall(makeTraceloopSpan({ 'llm.request.type': 'embedding' }, 'openai.embeddings'))
    expect(embedding.operation).toBe('embeddings')
  })

  it('keeps workflow, task, agent and tool spans as spans', () => {
    for (const kind of ['workflow', 'task', 'agent', 'tool']) {
      const span = makeSpan({
        name: `triage.${kind}`,
        attributes: { 'traceloop.span.kind': kind, 'traceloop.workflow.name': 'triage' },
      })
      expect(mapSpan(span, 'p1', testPrices).kind).toBe('span')
    }
  })

  it('recognizes the current JavaScript packages by scope', () => {
    const call = mapCall(
      makeSpan({
        scope: '@traceloop/instrumentation-openai',
        attributes: {
          'gen_ai.provider.name': 'openai',
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.input_tokens': 10,
          'gen_ai.usage.output_tokens': 5,
          'gen_ai.usage.total_tokens': 15,
        },
      }),
    )
    expect(call).toMatchObject({ source: 'openllmetry', input_tokens: 10, output_tokens: 5 })
  })
})
