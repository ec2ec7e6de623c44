import { metricPointsFromJson } from './metric-points-from-json.js'
import { metricPointsFromProtobuf } from './metric-points-from-protobuf.js'
import { OtlpDecodeError } from './otlp-decode-error.js'
import { parseOtlpJson } from './otlp-json.js'
import type { OtlpFormat, OtlpMetricPoint } from './otlp-types.js'

/**
 * Decodes the body of `POST /v1/metrics` (an ExportMetricsServiceRequest) into
 * one entry per data point, so the number of points is the length of the
 * result (what `rejected_data_points` counts). A metric without data yields no
 * point. An empty body is an empty request.
 *
 * @throws OtlpDecodeError for anything that is not a valid request, never another error.
 */
export function decodeMetricsRequest(body: Uint8Array, format: OtlpFormat): OtlpMetricPoint[] {
  if (body.length === 0) return []
  try {
    if (format === 'json') return metricPointsFromJson(parseOtlpJson(body))
    return metricPointsFromProtobuf(body)
  } catch (error) {
    throw OtlpDecodeError.wrap(error, 'metrics', format)
  }
}
