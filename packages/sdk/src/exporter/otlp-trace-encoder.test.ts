import { type Attributes, type Link, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { TraceState } from '@opentelemetry/core'
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
// The collector's own decoder, by path: what the SDK sends is what the collector reads.
import { decodeTraceRequest } from '../../../collector/src/otlp/decode-trace-request.js'
import { encodeTraceRequest } from './otlp-trace-encoder.js'

const START: [number, number] = [1_700_000_000, 123_456_789]
const END: [number, number] = [1_700_000_001, 987_654_321]

/** Finished spans from a real OpenTelemetry SDK, one provider (resource) per service. */
function recordSpans(
  record: (tracerOf: (service: string, scope: string) => ReturnType<typeof tracer>) => void,
) {
  const memory = new InMemorySpanExporter()
  const providers = new Map<string, BasicTracerProvider>()
  const tracerOf = (service: string, scope: string) => {
    let provider = providers.get(service)
    if (provider === undefined) {
      provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service, 'telemetry.sdk.language': 'nodejs' }),
        spanProcessors: [new SimpleSpanProcessor(memory)],
      })
      providers.set(service, provider)
    }
    return tracer(provider, scope)
  }
  record(tracerOf)
  return memory.getFinishedSpans()
}

/** Offset of the first byte that differs (or where one ends early); -1 when equal. Fast on large bodies. */
function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  const length = Math.min(actual.length, expected.length)
  for (let i = 0; i < length; i++) if (actual[i] !== expected[i]) return i
  return actual.length === expected.length ? -1 : length
}

function tracer(provider: BasicTracerProvider, scope: string) {
  return provider.getTracer(scope, scope === 'no-version' ? undefined : '1.2.3')
}

const genAiAttributes: Attributes = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.request.temperature': 0.2,
  'gen_ai.request.stream': true,
  'gen_ai.response.finish_reasons': ['stop', 'length'],
  'gen_ai.usage.input_tokens': 1200,
  'vigil.tags': ['beta', 'é'],
}

function variedSpans(): ReadableSpan[] {
  return recordSpans((tracerOf) => {
    const chat = tracerOf('support-bot', '@vigil/sdk')
    const parent = chat.startSpan('fallback support', { startTime: START })
    const child = chat.startSpan(
      'chat gpt-4o',
      { kind: SpanKind.CLIENT, attributes: genAiAttributes, startTime: START },
      trace.setSpan(ROOT_CONTEXT, parent),
    )
    child.setAttributes({
      'big.int': 2 ** 40,
      'beyond.safe': 2 ** 60,
      negative: -7,
      'gen_ai.input.messages': `[{"role":"user","parts":[{"type":"text","content":"${'ünïcødé '.repeat(3000)}"}]}]`,
      'short.unicode': 'naïve ☕',
      'medium.text': 'x'.repeat(200),
    })
    child.addEvent('gen_ai.choice', { index: 0, 'finish.reason': 'stop' }, START)
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited — retry later' })
    child.end(END)
    parent.end(END)

    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b173',
      traceFlags: 1,
      isRemote: true,
      traceState: new TraceState('vendor=abc'),
    })
    const link: Link = { context: trace.getSpanContext(remote) as never, attributes: { reason: 'retry' } }
    const other = tracerOf('support-bot', 'no-version')
    other
      .startSpan('embeddings', { kind: SpanKind.INTERNAL, links: [link], startTime: START }, remote)
      .end(END)
    tracerOf('billing', '@vigil/sdk').startSpan('chat claude', { kind: SpanKind.CLIENT }).end()
  })
}

describe('encodeTraceRequest', () => {
  it('writes the same bytes as OpenTelemetry’s own protobuf serializer', () => {
    const spans = variedSpans()
    const expected = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array

    expect(firstDifference(encodeTraceRequest(spans), expected)).toBe(-1)
    // Again, now that repeated attributes come from the cache.
    expect(firstDifference(encodeTraceRequest(spans), expected)).toBe(-1)
  })

  it('stays exact for attributes whose values vary from span to span', () => {
    const spans = recordSpans((tracerOf) => {
      const chat = tracerOf('support-bot', '@vigil/sdk')
      for (let i = 0; i < 200; i++) {
        chat.startSpan('chat', { attributes: { 'gen_ai.response.id': `chatcmpl-${i}`, tokens: i } }).end()
      }
    })
    for (let round = 0; round < 2; round++) {
      const expected = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array
      expect(firstDifference(encodeTraceRequest(spans), expected)).toBe(-1)
    }
  })

  it('is read back by the collector’s decoder', () => {
    const spans = variedSpans()

    const decoded = decodeTraceRequest(encodeTraceRequest(spans), 'protobuf')

    expect(decoded.map((span) => span.name)).toEqual(spans.map((span) => span.name))
    const chat = decoded.find((span) => span.name === 'chat gpt-4o')
    const source = spans.find((span) => span.name === 'chat gpt-4o') as ReadableSpan
    expect(chat).toMatchObject({
      traceId: source.spanContext().traceId,
      spanId: source.spanContext().spanId,
      parentSpanId: source.parentSpanContext?.spanId,
      kind: 3,
      startTimeUnixNano: '1700000000123456789',
      endTimeUnixNano: '1700000001987654321',
      statusCode: 2,
      statusMessage: 'rate limited — retry later',
      resource: { attributes: { 'service.name': 'support-bot' } },
      scope: { name: '@vigil/sdk', version: '1.2.3' },
    })
    expect(chat?.attributes).toMatchObject({ ...genAiAttributes, 'big.int': 2 ** 40, negative: -7 })
    expect(chat?.attributes['gen_ai.input.messages']).toBe(source.attributes['gen_ai.input.messages'])
    expect(chat?.events).toEqual([
      {
        name: 'gen_ai.choice',
        timeUnixNano: '1700000000123456789',
        attributes: { index: 0, 'finish.reason': 'stop' },
      },
    ])
    expect(decoded.find((span) => span.name === 'chat claude')?.resource.attributes['service.name']).toBe(
      'billing',
    )
  })

  it('encodes an empty batch as an empty request', () => {
    expect(encodeTraceRequest([])).toHaveLength(0)
  })
})
