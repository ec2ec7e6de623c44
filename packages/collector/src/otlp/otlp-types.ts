/**
 * Vigil's normalized view of OTLP data: what the decoders return for both the
 * protobuf and the JSON encoding, so later stages never see the wire format.
 */

/** An OTLP AnyValue; int64 values beyond 2^53 stay exact as decimal strings, bytes become base64. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue }

export type Attributes = Record<string, AttributeValue>

export type OtlpSignal = 'traces' | 'logs' | 'metrics'

export type OtlpFormat = 'protobuf' | 'json'

export interface OtlpResource {
  attributes: Attributes
}

export interface OtlpScope {
  name: string
  version: string
}

export interface OtlpSpanEvent {
  name: string
  timeUnixNano: string
  attributes: Attributes
}

export interface OtlpSpan {
  /** Lowercase hex, 32 characters; '' if missing. */
  traceId: string
  /** Lowercase hex, 16 characters; '' if missing. */
  spanId: string
  /** Lowercase hex, or '' for a root span. */
  parentSpanId: string
  name: string
  /** SpanKind enum integer (0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer). */
  kind: number
  /** Decimal string of nanoseconds since the epoch; '0' if missing. */
  startTimeUnixNano: string
  endTimeUnixNano: string
  attributes: Attributes
  droppedAttributesCount: number
  events: OtlpSpanEvent[]
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number
  statusMessage: string
  /** Shared by every span of the same ResourceSpans. */
  resource: OtlpResource
  /** Shared by every span of the same ScopeSpans. */
  scope: OtlpScope
}

export interface OtlpLogRecord {
  timeUnixNano: string
  observedTimeUnixNano: string
  severityNumber: number
  severityText: string
  body: AttributeValue
  attributes: Attributes
  traceId: string
  spanId: string
  /** e.g. `gen_ai.client.inference.operation.details`; '' if not an event. */
  eventName: string
  resource: OtlpResource
  scope: OtlpScope
}

export type OtlpMetricKind = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary'

/** One data point of one metric, flattened with its metric's descriptor. */
export interface OtlpMetricPoint {
  name: string
  description: string
  unit: string
  kind: OtlpMetricKind
  startTimeUnixNano: string
  timeUnixNano: string
  attributes: Attributes
  /**
   * Gauge and sum: the point's value. Histograms and summary: the sum of the
   * observations, null when not sent. An int64 beyond 2^53 loses precision.
   */
  value: number | null
  /** Histograms and summary: the number of observations; null for gauge and sum. */
  count: number | null
  min: number | null
  max: number | null
  /** Explicit-bucket histogram only (e.g. `gen_ai.client.token.usage`); empty otherwise. */
  explicitBounds: number[]
  bucketCounts: number[]
  /** 0 unspecified, 1 delta, 2 cumulative; 0 for gauge and summary. */
  aggregationTemporality: number
  isMonotonic: boolean
  resource: OtlpResource
  scope: OtlpScope
}
