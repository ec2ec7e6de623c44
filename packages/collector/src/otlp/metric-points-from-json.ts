import { attributesFromJson, resourceFromJson, scopeFromJson } from './any-value-from-json.js'
import { type MetricDescriptor, makeMetricPoint } from './metric-point.js'
import {
  asObject,
  boolField,
  doubleOf,
  field,
  int64Of,
  integerField,
  type JsonObject,
  listField,
  locate,
  objectField,
  stringField,
  uint64Field,
  uint64Of,
} from './otlp-json.js'
import type { OtlpMetricKind, OtlpMetricPoint, OtlpResource, OtlpScope } from './otlp-types.js'

const TEMPORALITIES = [
  'AGGREGATION_TEMPORALITY_UNSPECIFIED',
  'AGGREGATION_TEMPORALITY_DELTA',
  'AGGREGATION_TEMPORALITY_CUMULATIVE',
]
const JSON_PATH = ['resourceMetrics', 'scopeMetrics', 'metrics', 'dataPoints']
// metrics.proto Metric.data oneof members: [json name, proto name, kind].
const DATA_MEMBERS: readonly (readonly [string, string, OtlpMetricKind])[] = [
  ['gauge', 'gauge', 'gauge'],
  ['sum', 'sum', 'sum'],
  ['histogram', 'histogram', 'histogram'],
  ['exponentialHistogram', 'exponential_histogram', 'exponentialHistogram'],
  ['summary', 'summary', 'summary'],
]

/** The OTLP/JSON side of decodeMetricsRequest: one entry per data point. */
export function metricPointsFromJson(request: JsonObject): OtlpMetricPoint[] {
  const points: OtlpMetricPoint[] = []
  const at = [-1, -1, -1, -1]
  try {
    const resourceList = listField(request, 'resourceMetrics', 'resource_metrics')
    for (let i = 0; i < resourceList.length; i++) {
      at.fill(-1)
      at[0] = i
      const resourceMetrics = asObject(resourceList[i], 'resourceMetrics item')
      const resource = resourceFromJson(objectField(resourceMetrics, 'resource', 'resource'))
      const scopeList = listField(resourceMetrics, 'scopeMetrics', 'scope_metrics')
      for (let j = 0; j < scopeList.length; j++) {
        at[1] = j
        at[2] = -1
        const scopeMetrics = asObject(scopeList[j], 'scopeMetrics item')
        const scope = scopeFromJson(objectField(scopeMetrics, 'scope', 'scope'))
        const metricList = listField(scopeMetrics, 'metrics', 'metrics')
        for (let k = 0; k < metricList.length; k++) {
          at[2] = k
          at[3] = -1
          addMetric(points, asObject(metricList[k], 'metric'), resource, scope, at)
        }
      }
    }
  } catch (error) {
    throw locate(error, JSON_PATH, at)
  }
  return points
}

function addMetric(
  points: OtlpMetricPoint[],
  metric: JsonObject,
  resource: OtlpResource,
  scope: OtlpScope,
  at: number[],
): void {
  for (const [name, protoName, kind] of DATA_MEMBERS) {
    const data = objectField(metric, name, protoName)
    if (data === undefined) continue
    const descriptor: MetricDescriptor = {
      name: stringField(metric, 'name', 'name'),
      description: stringField(metric, 'description', 'description'),
      unit: stringField(metric, 'unit', 'unit'),
      kind,
      // Gauge and Summary have no temporality; only Sum has is_monotonic.
      aggregationTemporality:
        kind === 'gauge' || kind === 'summary'
          ? 0
          : integerField(data, 'aggregationTemporality', 'aggregation_temporality', TEMPORALITIES),
      isMonotonic: kind === 'sum' && boolField(data, 'isMonotonic', 'is_monotonic'),
      resource,
      scope,
    }
    const list = listField(data, 'dataPoints', 'data_points')
    for (let p = 0; p < list.length; p++) {
      at[3] = p
      points.push(makeMetricPoint(descriptor, pointValues(asObject(list[p], 'data point'), kind)))
    }
    return
  }
}

function pointValues(point: JsonObject, kind: OtlpMetricKind) {
  const isNumber = kind === 'gauge' || kind === 'sum'
  const count = isNumber ? null : Number(uint64Field(point, 'count', 'count'))
  return {
    startTimeUnixNano: uint64Field(point, 'startTimeUnixNano', 'start_time_unix_nano'),
    timeUnixNano: uint64Field(point, 'timeUnixNano', 'time_unix_nano'),
    attributes: attributesFromJson(listField(point, 'attributes', 'attributes')),
    // Summary's sum is a plain double (absent means 0); the histograms' is `optional`.
    value: isNumber
      ? numberValue(point)
      : kind === 'summary'
        ? (optionalDouble(point, 'sum', 'sum') ?? 0)
        : optionalDouble(point, 'sum', 'sum'),
    count,
    min: optionalDouble(point, 'min', 'min'),
    max: optionalDouble(point, 'max', 'max'),
    explicitBounds: listField(point, 'explicitBounds', 'explicit_bounds').map((b) =>
      doubleOf(b, 'explicitBounds'),
    ),
    bucketCounts: listField(point, 'bucketCounts', 'bucket_counts').map((c) =>
      Number(uint64Of(c, 'bucketCounts')),
    ),
  }
}

/** NumberDataPoint's `value` oneof; a point with neither member has no value. */
function numberValue(point: JsonObject): number | null {
  const asInt = field(point, 'asInt', 'as_int')
  if (asInt !== undefined) return Number(int64Of(asInt, 'asInt'))
  const asDouble = field(point, 'asDouble', 'as_double')
  return asDouble === undefined ? null : doubleOf(asDouble, 'asDouble')
}

function optionalDouble(point: JsonObject, name: string, protoName: string): number | null {
  const value = field(point, name, protoName)
  return value === undefined ? null : doubleOf(value, name)
}
