import { type MetricDescriptor, type MetricPointValues, makeMetricPoint } from './metric-point.js'
import type { OtlpMetricKind, OtlpMetricPoint, OtlpResource, OtlpScope } from './otlp-types.js'
import { readKeyValueInto, readResourceInto, readScopeInto } from './proto-attributes.js'
import { I64, LEN, ProtoReader, VARINT } from './proto-reader.js'

// Field tags, (field_number << 3) | wire_type, from metrics.proto and metrics_service.proto.
const RESOURCE_METRICS = (1 << 3) | LEN // ExportMetricsServiceRequest.resource_metrics
const RESOURCE = (1 << 3) | LEN // ResourceMetrics.resource
const SCOPE_METRICS = (2 << 3) | LEN
const SCOPE = (1 << 3) | LEN // ScopeMetrics.scope
const METRICS = (2 << 3) | LEN
const NAME = (1 << 3) | LEN // Metric.*
const DESCRIPTION = (2 << 3) | LEN
const UNIT = (3 << 3) | LEN
const DATA_KINDS = new Map<number, OtlpMetricKind>([
  [(5 << 3) | LEN, 'gauge'],
  [(7 << 3) | LEN, 'sum'],
  [(9 << 3) | LEN, 'histogram'],
  [(10 << 3) | LEN, 'exponentialHistogram'],
  [(11 << 3) | LEN, 'summary'],
])
const DATA_POINTS = (1 << 3) | LEN // Gauge/Sum/Histogram/… .data_points
const AGGREGATION_TEMPORALITY = (2 << 3) | VARINT
const IS_MONOTONIC = (3 << 3) | VARINT
const START_TIME = (2 << 3) | I64 // every *DataPoint
const TIME = (3 << 3) | I64
const AS_DOUBLE = (4 << 3) | I64 // NumberDataPoint
const AS_INT = (6 << 3) | I64
const COUNT = (4 << 3) | I64 // Histogram, ExponentialHistogram, Summary points
const SUM = (5 << 3) | I64
const BUCKET_COUNTS = 6 // HistogramDataPoint, packed or not
const EXPLICIT_BOUNDS = 7

/** Where the point types disagree: attributes, min and max have different numbers in each. */
const LAYOUTS: Record<OtlpMetricKind, { attributes: number; min: number; max: number }> = {
  gauge: { attributes: (7 << 3) | LEN, min: -1, max: -1 },
  sum: { attributes: (7 << 3) | LEN, min: -1, max: -1 },
  histogram: { attributes: (9 << 3) | LEN, min: (11 << 3) | I64, max: (12 << 3) | I64 },
  exponentialHistogram: { attributes: (1 << 3) | LEN, min: (12 << 3) | I64, max: (13 << 3) | I64 },
  summary: { attributes: (7 << 3) | LEN, min: -1, max: -1 },
}

/** The protobuf side of decodeMetricsRequest, read straight off the wire (see ProtoReader). */
export function metricPointsFromProtobuf(body: Uint8Array): OtlpMetricPoint[] {
  const r = new ProtoReader(body)
  const points: OtlpMetricPoint[] = []
  while (r.pos < r.length) {
    const tag = r.uint32()
    if (tag === RESOURCE_METRICS) readResourceMetrics(r, r.end(r.length), points)
    else r.skip(tag, r.length)
  }
  return points
}

function readResourceMetrics(r: ProtoReader, end: number, points: OtlpMetricPoint[]): void {
  const resource: OtlpResource = { attributes: {} }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === RESOURCE) readResourceInto(r, r.end(end), resource)
    else if (tag === SCOPE_METRICS) readScopeMetrics(r, r.end(end), resource, points)
    else r.skip(tag, end)
  }
  r.finish(end)
}

function readScopeMetrics(
  r: ProtoReader,
  end: number,
  resource: OtlpResource,
  points: OtlpMetricPoint[],
): void {
  const scope: OtlpScope = { name: '', version: '' }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === METRICS) readMetric(r, r.end(end), resource, scope, points)
    else if (tag === SCOPE) readScopeInto(r, r.end(end), scope)
    else r.skip(tag, end)
  }
  r.finish(end)
}

/** The name may follow the data on the wire, so points are completed once the whole Metric is read. */
function readMetric(
  r: ProtoReader,
  end: number,
  resource: OtlpResource,
  scope: OtlpScope,
  out: OtlpMetricPoint[],
): void {
  const metric: MetricDescriptor = {
    name: '',
    description: '',
    unit: '',
    kind: 'gauge',
    aggregationTemporality: 0,
    isMonotonic: false,
    resource,
    scope,
  }
  let values: MetricPointValues[] = []
  while (r.pos < end) {
    const tag = r.uint32()
    const kind = DATA_KINDS.get(tag)
    if (kind !== undefined) {
      // A oneof: the last data member on the wire wins.
      metric.kind = kind
      values = readData(r, r.end(end), metric)
    } else if (tag === NAME) metric.name = r.recurringString(end)
    else if (tag === DESCRIPTION) metric.description = r.string(end)
    else if (tag === UNIT) metric.unit = r.recurringString(end)
    else r.skip(tag, end)
  }
  r.finish(end)
  for (const point of values) out.push(makeMetricPoint(metric, point))
}

function readData(r: ProtoReader, end: number, metric: MetricDescriptor): MetricPointValues[] {
  metric.aggregationTemporality = 0
  metric.isMonotonic = false
  const values: MetricPointValues[] = []
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === DATA_POINTS) values.push(readPoint(r, r.end(end), metric.kind))
    else if (tag === AGGREGATION_TEMPORALITY && metric.kind !== 'gauge' && metric.kind !== 'summary') {
      metric.aggregationTemporality = r.int32()
    } else if (tag === IS_MONOTONIC && metric.kind === 'sum') metric.isMonotonic = r.bool()
    else r.skip(tag, end)
  }
  r.finish(end)
  return values
}

function readPoint(r: ProtoReader, end: number, kind: OtlpMetricKind): MetricPointValues {
  const layout = LAYOUTS[kind]
  const isNumber = kind === 'gauge' || kind === 'sum'
  const point: MetricPointValues = {
    startTimeUnixNano: '0',
    timeUnixNano: '0',
    attributes: {},
    // Summary's sum is a plain double, so absent means 0; the histograms' is `optional`.
    value: kind === 'summary' ? 0 : null,
    count: isNumber ? null : 0,
    min: null,
    max: null,
    explicitBounds: [],
    bucketCounts: [],
  }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === layout.attributes) readKeyValueInto(r, r.end(end), point.attributes)
    else if (tag === START_TIME) point.startTimeUnixNano = r.fixed64Decimal()
    else if (tag === TIME) point.timeUnixNano = r.fixed64Decimal()
    else if (isNumber && tag === AS_DOUBLE) point.value = r.double()
    else if (isNumber && tag === AS_INT) point.value = r.sfixed64Number()
    else if (!isNumber && tag === COUNT) point.count = r.fixed64Number()
    else if (!isNumber && tag === SUM) point.value = r.double()
    else if (tag === layout.min) point.min = r.double()
    else if (tag === layout.max) point.max = r.double()
    else if (kind === 'histogram' && tag === ((BUCKET_COUNTS << 3) | LEN))
      r.packed(end, r.fixed64Number, point.bucketCounts)
    else if (kind === 'histogram' && tag === ((BUCKET_COUNTS << 3) | I64))
      point.bucketCounts.push(r.fixed64Number())
    else if (kind === 'histogram' && tag === ((EXPLICIT_BOUNDS << 3) | LEN))
      r.packed(end, r.double, point.explicitBounds)
    else if (kind === 'histogram' && tag === ((EXPLICIT_BOUNDS << 3) | I64))
      point.explicitBounds.push(r.double())
    else r.skip(tag, end)
  }
  r.finish(end)
  return point
}
