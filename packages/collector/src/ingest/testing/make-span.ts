import type { Attributes, OtlpLogRecord, OtlpSpan } from '../../otlp/otlp-types.js'
import { PriceCatalog } from '../../pricing/price-catalog.js'

/** Test fixtures for the mapping: spans as the decoders hand them over. */

export const START = 1_750_000_000_000_000_000n

/** Prices a test can compute by hand (USD per million tokens). */
export const testPrices = new PriceCatalog(
  {
    'gpt-4o': { provider: 'openai', input: 2.5, cachedInput: 1.25, output: 10 },
    'gpt-4o-mini': { provider: 'openai', input: 0.15, cachedInput: 0.075, output: 0.6 },
    'claude-sonnet-4-5': { provider: 'anthropic', input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    'text-embedding-3-small': { provider: 'openai', input: 0.02, output: 0 },
  },
  'v1',
)

export interface SpanSpec extends Partial<Omit<OtlpSpan, 'resource' | 'scope'>> {
  resource?: Attributes
  scope?: string
}

/** A span with ids, 1234.5 ms long, of service `support-bot`; only `attributes` given are set. */
export function makeSpan(spec: SpanSpec = {}): OtlpSpan {
  const { resource, scope, ...fields } = spec
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    name: 'span',
    kind: 1,
    startTimeUnixNano: START.toString(),
    endTimeUnixNano: (START + 1_234_500_000n).toString(),
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    statusCode: 0,
    statusMessage: '',
    resource: { attributes: resource ?? { 'service.name': 'support-bot' } },
    scope: { name: scope ?? 'test-scope', version: '1.0.0' },
    ...fields,
  }
}

/** A plain GenAI-conventions chat span for `model`. */
export function makeGenAiSpan(attributes: Attributes = {}, spec: SpanSpec = {}): OtlpSpan {
  return makeSpan({
    name: 'chat gpt-4o',
    kind: 3,
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', ...attributes },
    ...spec,
  })
}

export function makeLogRecord(fields: Partial<OtlpLogRecord> = {}): OtlpLogRecord {
  return {
    timeUnixNano: START.toString(),
    observedTimeUnixNano: (START + 1_000n).toString(),
    severityNumber: 9,
    severityText: 'INFO',
    body: 'hello',
    attributes: {},
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    eventName: '',
    resource: { attributes: { 'service.name': 'support-bot' } },
    scope: { name: 'test-scope', version: '1.0.0' },
    ...fields,
  }
}
