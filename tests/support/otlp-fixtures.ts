import { randomBytes } from 'node:crypto'
import { otlpProto } from '../../packages/collector/src/otlp/otlp-proto.js'
import { attr, makeJsonSpan, makeJsonTraceRequest } from '../../packages/collector/src/testing/otlp-json.js'

/**
 * OTLP request builders for the ingest tests: the JSON forms an exporter
 * sends, and the same requests as protobuf (ids as bytes), encoded with
 * protobufjs so the collector's hand-written readers are checked against an
 * independent encoder.
 */

type Json = Record<string, unknown>

export { attr, makeJsonSpan, makeJsonTraceRequest }

export function makeJsonLogRecord(spec: { body?: string; eventName?: string; empty?: boolean } = {}): Json {
  if (spec.empty) return { timeUnixNano: `${Date.now()}000000` }
  return {
    timeUnixNano: `${Date.now()}000000`,
    severityNumber: 9,
    severityText: 'INFO',
    eventName: spec.eventName ?? 'gen_ai.client.inference.operation.details',
    body: { stringValue: spec.body ?? 'hello' },
    attributes: [attr('gen_ai.operation.name', 'chat')],
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
  }
}

export function makeJsonLogsRequest(records: Json[], serviceName = 'test-app'): Json {
  return {
    resourceLogs: [
      {
        resource: { attributes: [attr('service.name', serviceName)] },
        scopeLogs: [{ scope: { name: 'test' }, logRecords: records }],
      },
    ],
  }
}

/** A GenAI token-usage histogram point and a gauge; `nameless` adds a metric without a name (invalid). */
export function makeJsonMetricsRequest(options: { nameless?: boolean } = {}): Json {
  const now = `${Date.now()}000000`
  const metrics: Json[] = [
    {
      name: 'gen_ai.client.token.usage',
      unit: '{token}',
      histogram: {
        aggregationTemporality: 2,
        dataPoints: [
          {
            attributes: [attr('gen_ai.token.type', 'input'), attr('gen_ai.request.model', 'gpt-4o')],
            timeUnixNano: now,
            count: '2',
            sum: 300,
            bucketCounts: ['0', '2'],
            explicitBounds: [100],
          },
        ],
      },
    },
    { name: 'queue.depth', gauge: { dataPoints: [{ timeUnixNano: now, asInt: '3' }] } },
  ]
  if (options.nameless)
    metrics.push({ name: '', gauge: { dataPoints: [{ timeUnixNano: now, asDouble: 1 }] } })
  return {
    resourceMetrics: [
      { resource: { attributes: [attr('service.name', 'test-app')] }, scopeMetrics: [{ metrics }] },
    ],
  }
}

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId'])

/** OTLP/JSON carries ids as hex; protobufjs wants the bytes. */
function idsToBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(idsToBytes)
  if (value === null || typeof value !== 'object') return value
  const out: Json = {}
  for (const [key, field] of Object.entries(value)) {
    out[key] = ID_FIELDS.has(key) && typeof field === 'string' ? Buffer.from(field, 'hex') : idsToBytes(field)
  }
  return out
}

export function toProtobuf(signal: 'traces' | 'logs' | 'metrics', request: Json): Uint8Array {
  const type =
    signal === 'traces'
      ? otlpProto.traceRequest
      : signal === 'logs'
        ? otlpProto.logsRequest
        : otlpProto.metricsRequest
  return type.encode(type.fromObject(idsToBytes(request) as Json)).finish()
}

/** Decodes an Export…ServiceResponse body to a plain object (int64 as strings). */
export function decodeExportResponse(signal: 'traces' | 'logs' | 'metrics', body: Uint8Array): Json {
  const type =
    signal === 'traces'
      ? otlpProto.traceResponse
      : signal === 'logs'
        ? otlpProto.logsResponse
        : otlpProto.metricsResponse
  return type.toObject(type.decode(body), { longs: String }) as Json
}
