import type { OtlpLogRecord, OtlpMetricPoint, OtlpSpan } from '../otlp/otlp-types.js'
import type { PriceCatalog } from '../pricing/price-catalog.js'
import { mapLogRecord } from './map-log-record.js'
import { mapSpan } from './map-span.js'
import { checkCall, checkLogRow, checkSpanRow } from './storable-rows.js'
import type { TelemetryBatch } from './telemetry-batch.js'

/**
 * THE seam between the OTLP routes and the source mapping: the routes call
 * only `mapTraces`, `mapLogs` and `mapMetrics`, so a change of mapper
 * (`mapSpan`, `mapLogRecord`, or a future metrics mapper) touches this file alone.
 */
export interface MappedTelemetry {
  batch: TelemetryBatch
  /** One reason per refused item; reported to the client as partial success. */
  rejected: string[]
  /** Items acknowledged but deliberately not stored, by reason (a self-metric label). */
  dropped: Record<string, number>
}

export function mapTraces(spans: OtlpSpan[], projectId: string, prices: PriceCatalog): MappedTelemetry {
  const mapped = emptyMapping()
  for (const span of spans) {
    const result = mapSpan(span, projectId, prices)
    if (result.kind === 'call') keep(mapped, result.call, checkCall(result.call), mapped.batch.calls)
    else if (result.kind === 'span') keep(mapped, result.span, checkSpanRow(result.span), mapped.batch.spans)
    else mapped.rejected.push(result.reason)
  }
  return mapped
}

export function mapLogs(records: OtlpLogRecord[], projectId: string, receivedAt: Date): MappedTelemetry {
  const mapped = emptyMapping()
  // One receive time per request: records without any time share it (logs.proto observed_time_unix_nano).
  const receivedNanos = `${receivedAt.getTime()}000000`
  for (const record of records) {
    const result = mapLogRecord(record, projectId, receivedNanos)
    if (result.kind === 'log') keep(mapped, result.log, checkLogRow(result.log), mapped.batch.logs)
    else mapped.rejected.push(result.reason)
  }
  return mapped
}

/**
 * Metric points are decoded, validated and counted, then dropped: Vigil
 * derives its LLM metrics from spans, and there is no metrics table yet. The
 * client still gets a 200 (these are not errors it could fix by resending).
 */
export function mapMetrics(points: OtlpMetricPoint[]): MappedTelemetry {
  const mapped = emptyMapping()
  let kept = 0
  for (const point of points) {
    // metrics.proto: "name ... is required"; a nameless point cannot be attributed to anything.
    if (point.name === '') mapped.rejected.push('metric without a name')
    else kept++
  }
  if (kept > 0) mapped.dropped.metrics_not_stored = kept
  return mapped
}

/** Adds a mapped row, unless the storage check found it unstorable (see storable-rows.ts). */
function keep<Row>(mapped: MappedTelemetry, row: Row, problem: string | undefined, rows: Row[]): void {
  if (problem === undefined) rows.push(row)
  else mapped.rejected.push(problem)
}

function emptyMapping(): MappedTelemetry {
  return { batch: { calls: [], spans: [], logs: [] }, rejected: [], dropped: {} }
}
