import type { OtlpLogRecord, OtlpMetricPoint, OtlpSpan } from '../otlp/otlp-types.js'
import type { PriceCatalog } from '../pricing/price-catalog.js'
import { mapLogRecord } from './map-log-record.js'
import { mapSpan } from './map-span.js'
import { isSignalEvent, signalFromEvent } from './signal-from-event.js'
import type { SignalRow } from './signal-row.js'
import { signalsFromSpanEvents } from './span-event-signals.js'
import { checkCall, checkLogRow, checkSignalRow, checkSpanRow } from './storable-rows.js'
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
    if (result.kind !== 'invalid' && span.events.length > 0) keepSpanEventSignals(mapped, span, projectId)
  }
  return mapped
}

export function mapLogs(records: OtlpLogRecord[], projectId: string, receivedAt: Date): MappedTelemetry {
  const mapped = emptyMapping()
  // One receive time per request: records without any time share it (logs.proto observed_time_unix_nano).
  const receivedNanos = `${receivedAt.getTime()}000000`
  for (const record of records) {
    const result = mapLogRecord(record, projectId, receivedNanos)
    if (result.kind === 'invalid') mapped.rejected.push(result.reason)
    else if (!isSignalEvent(result.log.event_name))
      keep(mapped, result.log, checkLogRow(result.log), mapped.batch.logs)
    else {
      // A signal goes to `signals` instead of `logs`, with the record's ids and time.
      const { log } = result
      const signal = signalFromEvent(
        {
          name: log.event_name,
          timeNanos: log.time,
          traceId: log.trace_id,
          spanId: log.span_id,
          attributes: record.attributes,
          serviceName: log.service_name,
        },
        projectId,
        'log_record',
      )
      if (signal.kind === 'invalid') mapped.rejected.push(signal.reason)
      else keep(mapped, signal.signal, checkSignalRow(signal.signal), signalsOf(mapped))
    }
  }
  return mapped
}

/**
 * Signals sent as events on a span (`vigil.signal.*`): stored besides the span.
 * A span event cannot be refused apart from its span (partial success counts
 * spans), so an unusable one is dropped and counted instead.
 */
function keepSpanEventSignals(mapped: MappedTelemetry, span: OtlpSpan, projectId: string): void {
  for (const result of signalsFromSpanEvents(span, projectId)) {
    const problem = result.kind === 'signal' ? checkSignalRow(result.signal) : result.reason
    if (result.kind === 'signal' && problem === undefined) signalsOf(mapped).push(result.signal)
    else mapped.dropped.invalid_signal_event = (mapped.dropped.invalid_signal_event ?? 0) + 1
  }
}

function signalsOf(mapped: MappedTelemetry): SignalRow[] {
  mapped.batch.signals ??= []
  return mapped.batch.signals
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
