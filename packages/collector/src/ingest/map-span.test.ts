import { describe, expect, it } from 'vitest'
import { mapSpan } from './map-span.js'
import { makeGenAiSpan, makeSpan, testPrices } from './testing/make-span.js'

function mapCall(span: ReturnType<typeof makeSpan>) {
  const mapped = mapSpan(span, 'p1', testPrices)
  if (mapped.kind !== 'call') throw new Error(`expected a call, got ${mapped.kind}`)
  return mapped.call
}

describe('mapSpan', () => {
  it('maps GenAI attributes, resource and timing into a priced row', () => {
    const call = mapCall(
      makeGenAiSpan(
        {
          'gen_ai.provider.name': 'openai',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.usage.input_tokens': 1000,
          'gen_ai.usage.output_tokens': 200,
          'gen_ai.response.time_to_first_chunk': 0.25,
          'gen_ai.response.id': 'chatcmpl-1',
          'gen_ai.response.finish_reasons': ['stop'],
          'server.address': 'api.openai.com',
        },
        { resource: { 'service.name': 'support-bot', 'deployment.environment.name': 'prod' } },
      ),
    )
    expect(call).toMatchObject({
      project_id: 'p1',
      service_name: 'support-bot',
      environment: 'prod',
      operation: 'chat',
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
      source: 'otel-genai',
      response_id: 'chatcmpl-1',
      finish_reasons: ['stop'],
      server_address: 'api.openai.com',
      fallback_attempt: 0,
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
        'gen_ai.usage.cache_read_input_tokens': 4,
        'gen_ai.usage.reasoning_tokens': 1,
      }),
    )
    expect(call).toMatchObject({
      provider: 'openai',
      input_tokens: 12,
      output_tokens: 3,
      cache_read_tokens: 4,
      reasoning_tokens: 1,
    })
  })

  it('records failures with their error type, else the exception type, else a generic one', () => {
    expect(mapCall(makeGenAiSpan({ 'error.type': '429' }))).toMatchObject({
      status: 'error',
      error_type: '429',
    })
    const withException = makeGenAiSpan(
      {},
      {
        statusCode: 2,
        events: [
          { name: 'exception', timeUnixNano: '1', attributes: { 'exception.type': 'APIConnectionError' } },
        ],
      },
    )
    expect(mapCall(withException)).toMatchObject({ status: 'error', error_type: 'APIConnectionError' })
    expect(mapCall(makeGenAiSpan({}, { statusCode: 2 }))).toMatchObject({
      status: 'error',
      error_type: '_OTHER',
    })
  })

  it('keeps unknown tokens and cost unknown instead of 0', () => {
    expect(mapCall(makeGenAiSpan({}))).toMatchObject({
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

  it('keeps every attribute, mapped or not, in the attributes maps', () => {
    const call = mapCall(makeGenAiSpan({ 'app.tenant': 'acme', 'gen_ai.request.temperature': 0.2 }))
    expect(call.attributes).toMatchObject({ 'app.tenant': 'acme', 'gen_ai.request.temperature': '0.2' })
    expect(call.resource_attributes).toEqual({ 'service.name': 'support-bot' })
  })

  it('turns spans that are not model calls into span rows', () => {
    const mapped = mapSpan(
      makeSpan({ name: 'GET /tickets', attributes: { 'http.method': 'GET' } }),
      'p1',
      testPrices,
    )
    expect(mapped).toMatchObject({ kind: 'span', span: { name: 'GET /tickets', project_id: 'p1' } })
    const tool = mapSpan(makeGenAiSpan({ 'gen_ai.operation.name': 'execute_tool' }), 'p1', testPrices)
    expect(tool.kind).toBe('span')
  })

  it('counts a remote agent (invoke_agent, kind CLIENT) as a call but not an in-process one', () => {
    const agent = (kind: number) =>
      mapSpan(makeGenAiSpan({ 'gen_ai.operation.name': 'invoke_agent' }, { kind }), 'p1', testPrices).kind
    expect(agent(3)).toBe('call')
    expect(agent(1)).toBe('span')
  })

  it('rejects spans without ids, calls or not', () => {
    expect(mapSpan(makeGenAiSpan({}, { spanId: '' }), 'p1', testPrices).kind).toBe('invalid')
    expect(mapSpan(makeSpan({ traceId: '' }), 'p1', testPrices)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('no trace or span id'),
    })
  })
})
