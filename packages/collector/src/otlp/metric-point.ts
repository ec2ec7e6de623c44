import type { Attributes, OtlpMetricKind, OtlpMetricPoint, OtlpResource, OtlpScope } from './otlp-types.js'

/** What a point inherits from its Metric (metrics.proto Metric and its data message). */
export interface MetricDescriptor {
  name: string
  description: string
  unit: string
  kind: OtlpMetricKind
  aggregationTemporality: number
  isMonotonic: boolean
  resource: OtlpResource
  scope: OtlpScope
}

/** What a point carries itself, already normalized by the protobuf or JSON reader. */
export interface MetricPointValues {
  startTimeUnixNano: string
  timeUnixNano: string
  attributes: Attributes
  value: number | null
  count: number | null
  min: number | null
  max: number | null
  explicitBounds: number[]
  bucketCounts: number[]
}

/** One property order for every point, whichever encoding it came from, keeps consumers monomorphic. */
export function makeMetricPoint(metric: MetricDescriptor, point: MetricPointValues): OtlpMetricPoint {
  return {
    name: metric.name,
    description: metric.description,
    unit: metric.unit,
    kind: metric.kind,
    startTimeUnixNano: point.startTimeUnixNano,
    timeUnixNano: point.timeUnixNano,
    attributes: point.attributes,
    value: point.value,
    count: point.count,
    min: point.min,
    max: point.max,
    explicitBounds: point.explicitBounds,
    bucketCounts: point.bucketCounts,
    aggregationTemporality: metric.aggregationTemporality,
    isMonotonic: metric.isMonotonic,
    resource: metric.resource,
    scope: metric.scope,
  }
}
