import { describe, expect, it } from 'vitest'
import type { Attributes, OtlpSpan } from '../otlp/otlp-types.js'
import { PriceCatalog } from '../pricing/price-catalog.js'
import { spanToCall } from './span-to-call.js'

const prices = new PriceCatalog(
  { 'gpt-4o': { provider: 'openai', input: 2.5, cachedInput: 1.25, output: 10 } },
  'v1',
)
const START = 1_750_000_000_000_000_000n

function makeGenAiSpan(attributes: Attributes, overrides: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: START.toString(),
    endTimeUnixNano: (START + 1_234_500_000n).toString(),
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', ...attributes },
    droppedAttributesCount: 0,
    events: [],
    statusCode: 0,
    statusMessage: '',
    resource: { attributes: { 'service.name': 'support-bot', 'deployment.environment.name': 'prod' } },
    scope: { name: 'vigil', version: '0.1.0' },
    ...overrides,
  }
}

function mapCall(span: OtlpSpan) {
  const mapped = spanToCall(span, 'p1', prices)
  if (mapped.kind !== 'call') throw new Error(`expected a call, got ${mapped.kind}`)
  return mapped.call
}

describe('spanToCall', () => {
  it('maps GenAI attributes, resource and timing into a priced row', () => {
    const call = mapCall(
      makeGenAiSpan({
        'gen_ai.provider.name': 'openai',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 200,
        'gen_ai.response.time_to_first_chunk': 0.25,
        'vigil.use_case': 'triage',
        'vigil.tags': ['beta', 'eu'],
      }),
    )
    expect(call).toMatchObject({
      project_id: 'p1',
      service_name: 'support-bot',
      environment: 'prod',
      use_case: 'triage',
      provider: 'openai',
      request_model: 'gpt-4o',
      response_model: 'gpt-4o-2024-08-06',
      model: 'gpt-4o-2024-08-06',
      status: 'ok',
      error_type: '',
      duration_ms: 1234.5,
      ttft_ms: 250,
      input_tokens: 1000,
      output_tokens: 200,
      cost_basis: 'catalog:v1',
      tags: ['beta', 'eu'],
    })
    // 1000 × 2.5/1M + 200 × 10/1M
    expect(call.cost_usd).toBeCloseTo(0.0045, 12)
  })

  it('reads deprecated names that other instrumentations still send', () => {
    const call = mapCall(
      makeGenAiSpan({
        'gen_ai.system': 'openai',
        'gen_ai.usage.prompt_tokens': '12',
        'gen_ai.usage.completion_tokens': 3,
      }),
    )
    expect(call).toMatchObject({ provider: 'openai', input_tokens: 12, output_tokens: 3 })
  })

  it('records failures with their error type, and a generic one when only the status says error', () => {
    expect(mapCall(makeGenAiSpan({ 'error.type': '429' }))).toMatchObject({
      status: 'error',
      error_type: '429',
    })
    expect(mapCall(makeGenAiSpan({}, { statusCode: 2 }))).toMatchObject({
      status: 'error',
      error_type: '_OTHER',
    })
  })

  it('keeps unknown tokens and cost unknown instead of 0', () => {
    const call = mapCall(makeGenAiSpan({}))
    expect(call).toMatchObject({
      input_tokens: null,
      output_tokens: null,
      cost_usd: null,
      cost_basis: 'unknown',
    })
  })

  it('takes a cost supplied by the SDK over the catalog', () => {
    const call = mapCall(makeGenAiSpan({ 'vigil.cost_usd': 0.5, 'gen_ai.usage.input_tokens': 10 }))
    expect(call).toMatchObject({ cost_usd: 0.5, cost_basis: 'sdk' })
  })

  it('leaves spans that are not model calls aside and rejects calls without ids', () => {
    expect(spanToCall(makeGenAiSpan({}, { attributes: { 'http.method': 'GET' } }), 'p1', prices)).toEqual({
      kind: 'other',
    })
    expect(spanToCall(makeGenAiSpan({}, { spanId: '' }), 'p1', prices).kind).toBe('invalid')
  })
})
