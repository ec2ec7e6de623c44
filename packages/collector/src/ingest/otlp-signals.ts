import { VigilError } from '../errors.js'
import { decodeLogsRequest } from '../otlp/decode-logs-request.js'
import { decodeMetricsRequest } from '../otlp/decode-metrics-request.js'
import { decodeTraceRequest } from '../otlp/decode-trace-request.js'
import type { OtlpLogRecord, OtlpMetricPoint, OtlpSpan } from '../otlp/otlp-types.js'
import type { PriceCatalog } from '../pricing/price-catalog.js'
import type { SignalIngest } from './export-route.js'
import { mapLogs, mapMetrics, mapTraces } from './telemetry-mapping.js'

/**
 * `POST /v1/traces`: model-call spans become priced `calls` rows, other spans
 * `spans` rows. Prices are the project's (its overrides over the catalog).
 */
export function tracesIngest(
  pricesFor: (projectId: string) => Promise<PriceCatalog>,
): SignalIngest<OtlpSpan> {
  return {
    signal: 'traces',
    item: 'span',
    decode: decodeTraceRequest,
    limit: (applier, spans) => applier.spans(spans),
    map: async (spans, principal) => {
      let prices: PriceCatalog
      try {
        prices = await pricesFor(principal.projectId)
      } catch (error) {
        // Loading a project's prices reads storage: a failure there is "retry later", not a 500.
        throw new VigilError('STORAGE_UNAVAILABLE', 'Could not load the project’s prices; retry later', {
          cause: error,
          retryAfterSeconds: 1,
        })
      }
      return mapTraces(spans, principal.projectId, prices)
    },
  }
}

/** `POST /v1/logs`: records (GenAI events among them) become `logs` rows. */
export const logsIngest: SignalIngest<OtlpLogRecord> = {
  signal: 'logs',
  item: 'log record',
  decode: decodeLogsRequest,
  limit: (applier, records) => applier.logRecords(records),
  map: (records, principal) => mapLogs(records, principal.projectId, new Date()),
}

/** `POST /v1/metrics`: accepted, validated and counted; points are not stored (see mapMetrics). */
export const metricsIngest: SignalIngest<OtlpMetricPoint> = {
  signal: 'metrics',
  item: 'data point',
  decode: decodeMetricsRequest,
  limit: (applier, points) => applier.metricPoints(points),
  map: (points) => mapMetrics(points),
  // OTLP/HTTP "Partial Success" allows a warning with rejected = 0; it tells
  // the operator why no metric shows up, instead of silently discarding.
  warning: (mapped) => {
    const dropped = mapped.dropped.metrics_not_stored ?? 0
    return dropped > 0
      ? `Vigil does not store metric points (it derives LLM metrics from spans); ${dropped} point(s) acknowledged and discarded`
      : undefined
  },
}
