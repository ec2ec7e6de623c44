import { describe, expect, it } from 'vitest'
import type { Attributes } from '../../otlp/otlp-types.js'
import { mapSpan } from '../map-span.js'
import { makeSpan, testPrices } from '../testing/make-span.js'

function makeOpenInferenceSpan(kind: string, attributes: Attributes = {}) {
  return makeSpan({
    name: 'OpenAI Chat Completions',
    scope: '@arizeai/openinference-instrumentation-openai',
    attributes: { 'openinference.span.kind': kind, ...attributes },
  })
}

function mapCall(span: ReturnType<typeof makeSpan>) {
  const mapped = mapSpan(span, 'p1', testPrices)
  if (mapped.kind !== 'call') throw new Error(`expected a call, got ${mapped.kind}`)
  return mapped.call
}

describe('OpenInference source', () => {
  it('maps an LLM span: models, token counts with cache and reasoning details, provider', () => {
    const call = mapCall(
      makeOpenInferenceSpan('LLM', {
        'llm.model_name': 'gpt-4o-mini-2024-07-18',
        'llm.invocation_parameters': '{"model":"gpt-4o-mini","temperature":0.2}',
        'llm.system': 'openai',
        'llm.provider': 'openai',
        'llm.token_count.prompt': 1000,
        'llm.token_count.completion': 300,
        'llm.token_count.total': 1300,
        'llm.token_count.prompt_details.cache_read': 800,
        'llm.token_count.completion_details.reasoning': 100,
        'llm.finish_reason': 'stop',
      }),
    )
    expect(call).toMatchObject({
      source: 'openinference',
      operation: 'chat',
      provider: 'openai',
      request_model: 'gpt-4o-mini',
      response_model: 'gpt-4o-mini-2024-07-18',
      input_tokens: 1000,
      output_tokens: 300,
      cache_read_tokens: 800,
      reasoning_tokens: 100,
      finish_reasons: ['stop'],
    })
    expect(call.cost_usd).toBeCloseTo((200 * 0.15 + 800 * 0.075 + 300 * 0.6) / 1e6, 12)
  })

  it('combines host and model family into the conventions provider name', () => {
    const provider = (attributes: Attributes) => mapCall(makeOpenInferenceSpan('LLM', attributes)).provider
    expect(provider({ 'llm.provider': 'azure', 'llm.system': 'openai' })).toBe('azure.ai.openai')
    expect(provider({ 'llm.provider': 'aws', 'llm.system': 'anthropic' })).toBe('aws.bedrock')
    expect(provider({ 'llm.provider': 'google', 'llm.system': 'vertexai' })).toBe('gcp.vertex_ai')
    expect(provider({ 'llm.system': 'mistralai' })).toBe('mistral_ai')
  })

  it('builds GenAI messages from flattened input and output messages', () => {
    const call = mapCall(
      makeOpenInferenceSpan('LLM', {
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.contents.0.message_content.type': 'text',
        'llm.input_messages.0.message.contents.0.message_content.text': 'What is on this picture?',
        'llm.input_messages.0.message.contents.1.message_content.type': 'image',
        'llm.input_messages.0.message.contents.1.message_content.image.image.url': 'https://x/cat.png',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'A cat.',
        'llm.finish_reason': 'stop',
      }),
    )
    expect(JSON.parse(call.input_content)).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is on this picture?' },
          { type: 'uri', modality: 'image', uri: 'https://x/cat.png' },
        ],
      },
    ])
    expect(JSON.parse(call.output_content)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'A cat.' }], finish_reason: 'stop' },
    ])
  })

  it('falls back to input.value and output.value when no messages were flattened', () => {
    const call = mapCall(makeOpenInferenceSpan('LLM', { 'input.value': 'hello', 'output.value': 'hi there' }))
    expect(JSON.parse(call.input_content)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'hello' }] },
    ])
    expect(JSON.parse(call.output_content)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'hi there' }] },
    ])
  })

  it('reads session, user, tags and prompt version, its own names before free-form metadata', () => {
    const call = mapCall(
      makeOpenInferenceSpan('LLM', {
        'session.id': 's-1',
        'user.id': 'u-1',
        'tag.tags': ['beta'],
        metadata: '{"use_case":"triage","user_id":"from-metadata"}',
        'llm.prompt_template.version': 'v2',
      }),
    )
    expect(call).toMatchObject({
      session_id: 's-1',
      user_id: 'u-1',
      tags: ['beta'],
      use_case: 'triage',
      prompt_version: 'v2',
    })
  })

  it('maps EMBEDDING spans as embeddings calls and keeps chains, tools, agents and retrievers as spans', () => {
    const embedding = mapCall(
      makeOpenInferenceSpan('EMBEDDING', {
        'embedding.model_name': 'text-embedding-3-small',
        'llm.token_count.prompt': 50,
        'llm.token_count.total': 50,
      }),
    )
    expect(embedding).toMatchObject({
      operation: 'embeddings',
      model: 'text-embedding-3-small',
      input_tokens: 50,
    })
    for (const kind of ['CHAIN', 'TOOL', 'AGENT', 'RETRIEVER', 'RERANKER', 'GUARDRAIL']) {
      expect(mapSpan(makeOpenInferenceSpan(kind), 'p1', testPrices).kind).toBe('span')
    }
  })

  it("uses the instrumentation's own cost only for a model the catalog does not price", () => {
    const call = mapCall(
      makeOpenInferenceSpan('LLM', {
        'llm.model_name': 'my-finetune',
        'llm.token_count.prompt': 5,
        'llm.cost.total': 0.01,
      }),
    )
    expect(call).toMatchObject({ cost_usd: 0.01, cost_basis: 'sdk' })
  })
})
