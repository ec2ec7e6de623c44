import { describe, expect, it } from 'vitest'
import type { Attributes } from '../../otlp/otlp-types.js'
import { mapSpan } from '../map-span.js'
import { makeSpan, testPrices } from '../testing/make-span.js'

/** A Vercel AI SDK span; `operationId` is also its name, as the SDK does without a functionId. */
function makeAiSpan(operationId: string, attributes: Attributes = {}) {
  return makeSpan({
    name: operationId,
    scope: 'ai',
    attributes: {
      'ai.operationId': operationId,
      'operation.name': operationId,
      'ai.model.provider': 'openai.chat',
      'ai.model.id': 'gpt-4o-mini',
      ...attributes,
    },
  })
}

function mapCall(span: ReturnType<typeof makeSpan>) {
  const mapped = mapSpan(span, 'p1', testPrices)
  if (mapped.kind !== 'call') throw new Error(`expected a call, got ${mapped.kind}`)
  return mapped.call
}

describe('Vercel AI SDK source', () => {
  it('counts the doGenerate span as the call and keeps the outer generateText span as a span', () => {
    const usage = { 'ai.usage.inputTokens': 100, 'ai.usage.outputTokens': 20 }
    expect(mapSpan(makeAiSpan('ai.generateText', usage), 'p1', testPrices).kind).toBe('span')
    const call = mapCall(
      makeAiSpan('ai.generateText.doGenerate', {
        ...usage,
        'ai.usage.inputTokenDetails.noCacheTokens': 100,
        'ai.response.model': 'gpt-4o-mini-2024-07-18',
        'ai.response.id': 'chatcmpl-9',
        'ai.response.finishReason': 'stop',
        'gen_ai.system': 'openai.chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 20,
      }),
    )
    expect(call).toMatchObject({
      source: 'vercel-ai',
      provider: 'openai',
      operation: 'chat',
      request_model: 'gpt-4o-mini',
      response_model: 'gpt-4o-mini-2024-07-18',
      input_tokens: 100,
      output_tokens: 20,
      response_id: 'chatcmpl-9',
      finish_reasons: ['stop'],
    })
    expect(call.cost_usd).toBeCloseTo((100 * 0.15 + 20 * 0.6) / 1e6, 12)
  })

  it('reads v4 usage names, time to first chunk, and keeps tool-call spans as spans', () => {
    const call = mapCall(
      makeAiSpan('ai.streamText.doStream', {
        'ai.usage.promptTokens': 30,
        'ai.usage.completionTokens': 7,
        'ai.response.msToFirstChunk': 412.5,
      }),
    )
    expect(call).toMatchObject({ input_tokens: 30, output_tokens: 7, ttft_ms: 412.5 })
    expect(mapSpan(makeAiSpan('ai.toolCall', { 'ai.toolCall.name': 'weather' }), 'p1', testPrices).kind).toBe(
      'span',
    )
  })

  it('adds cache back into v5 Anthropic input counts, which leave it out', () => {
    const call = mapCall(
      makeAiSpan('ai.generateText.doGenerate', {
        'ai.model.provider': 'anthropic.messages',
        'ai.model.id': 'claude-sonnet-4-5',
        'ai.usage.inputTokens': 10,
        'ai.usage.cachedInputTokens': 5,
        'ai.usage.outputTokens': 40,
        'ai.response.providerMetadata': '{"anthropic":{"cacheCreationInputTokens":8}}',
      }),
    )
    expect(call).toMatchObject({
      provider: 'anthropic',
      input_tokens: 23,
      cache_read_tokens: 5,
      cache_creation_tokens: 8,
    })
    expect(call.cost_usd).toBeCloseTo((10 * 3 + 5 * 0.3 + 8 * 3.75 + 40 * 15) / 1e6, 12)
  })

  it('trusts v6 input totals, which include cache', () => {
    const call = mapCall(
      makeAiSpan('ai.generateText.doGenerate', {
        'ai.model.provider': 'anthropic.messages',
        'ai.model.id': 'claude-sonnet-4-5',
        'ai.usage.inputTokens': 23,
        'ai.usage.inputTokenDetails.noCacheTokens': 10,
        'ai.usage.inputTokenDetails.cacheReadTokens': 5,
        'ai.usage.inputTokenDetails.cacheWriteTokens': 8,
        'ai.usage.outputTokens': 40,
      }),
    )
    expect(call).toMatchObject({ input_tokens: 23, cache_read_tokens: 5, cache_creation_tokens: 8 })
  })

  it('maps telemetry metadata and functionId to user, session and use case', () => {
    const call = mapCall(
      makeAiSpan('ai.generateText.doGenerate', {
        'ai.telemetry.functionId': 'summarize-ticket',
        'ai.telemetry.metadata.userId': 'u-5',
        'ai.telemetry.metadata.sessionId': 's-5',
      }),
    )
    expect(call).toMatchObject({ use_case: 'summarize-ticket', user_id: 'u-5', session_id: 's-5' })
  })

  it('converts prompt and response content to GenAI messages', () => {
    const call = mapCall(
      makeAiSpan('ai.generateText.doGenerate', {
        'ai.prompt.messages': JSON.stringify([
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        ]),
        'ai.response.text': 'Sunny.',
        'ai.response.toolCalls': JSON.stringify([
          { toolCallId: 't1', toolName: 'weather', input: '{"city":"Paris"}' },
        ]),
        'ai.response.finishReason': 'tool-calls',
      }),
    )
    expect(JSON.parse(call.input_content)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
    ])
    expect(JSON.parse(call.output_content)).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: 'Sunny.' },
          { type: 'tool_call', id: 't1', name: 'weather', arguments: { city: 'Paris' } },
        ],
        finish_reason: 'tool-calls',
      },
    ])
  })

  it('maps embeddings and the AI Gateway provider', () => {
    const embedding = mapCall(
      makeAiSpan('ai.embed.doEmbed', {
        'ai.model.provider': 'openai.embedding',
        'ai.model.id': 'text-embedding-3-small',
        'ai.usage.tokens': 12,
      }),
    )
    expect(embedding).toMatchObject({ operation: 'embeddings', input_tokens: 12, provider: 'openai' })
    const gateway = mapCall(
      makeAiSpan('ai.generateText.doGenerate', {
        'ai.model.provider': 'gateway',
        'ai.model.id': 'anthropic/claude-sonnet-4-5',
      }),
    )
    expect(gateway.provider).toBe('anthropic')
  })
})

describe('Vercel AI SDK spans rewritten by Traceloop’s SDK', () => {
  it('still counts the provider request once, by ai.operationId', () => {
    const rewritten = (name: string, operationId: string) =>
      makeSpan({
        name,
        scope: 'ai',
        attributes: {
          'ai.operationId': operationId,
          'ai.model.id': 'gpt-4o-mini',
          'gen_ai.system': 'OpenAI',
          'gen_ai.usage.input_tokens': 100,
          'gen_ai.usage.output_tokens': 20,
          'llm.usage.total_tokens': 120,
          'traceloop.association.properties.userId': 'u-3',
        },
      })
    expect(mapSpan(rewritten('run.ai', 'ai.generateText'), 'p1', testPrices).kind).toBe('span')
    const call = mapCall(rewritten('text.generate', 'ai.generateText.doGenerate'))
    expect(call).toMatchObject({ source: 'vercel-ai', provider: 'openai', input_tokens: 100, user_id: 'u-3' })
  })
})
