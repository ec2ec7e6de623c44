import type { Attributes } from '@opentelemetry/api'
import type { SignalRecord } from '../signal-record.js'
import { writeAttributes, writeTime } from './otlp-common-encoder.js'
import { ProtoWriter } from './proto-writer.js'

/*
 * OTLP ExportLogsServiceRequest, protobuf, for Vigil's signals. Field numbers
 * and wire types are those of opentelemetry-proto
 * (collector/logs/v1/logs_service.proto, logs/v1/logs.proto): one ResourceLogs
 * with one ScopeLogs holding every record.
 */

const RESOURCE_LOGS = 0x0a // ExportLogsServiceRequest.resource_logs = 1
const RESOURCE = 0x0a // ResourceLogs.resource = 1
const SCOPE_LOGS = 0x12 // ResourceLogs.scope_logs = 2
const SCOPE = 0x0a // ScopeLogs.scope = 1
const LOG_RECORD = 0x12 // ScopeLogs.log_records = 2
// LogRecord: time_unix_nano = 1 (fixed64), severity_number = 2, severity_text = 3,
// attributes = 6, trace_id = 9, span_id = 10, observed_time_unix_nano = 11 (fixed64), event_name = 12.
const TIME = 0x09
const SEVERITY_NUMBER = 0x10
const SEVERITY_TEXT = 0x1a
const ATTRIBUTES = 0x32
const TRACE_ID = 0x4a
const SPAN_ID = 0x52
const OBSERVED_TIME = 0x59
const EVENT_NAME = 0x62
const SEVERITY_INFO = 9 // logs.proto SeverityNumber: a signal is an event, not a problem

export interface LogsResource {
  attributes: Attributes
  scopeName: string
  scopeVersion: string
}

/** Encodes signals as one OTLP/protobuf `ExportLogsServiceRequest`; `observedMs` is when they are sent. */
export function encodeLogsRequest(
  records: readonly SignalRecord[],
  resource: LogsResource,
  observedMs: number = Date.now(),
): Uint8Array {
  const w = new ProtoWriter(Math.max(1024, records.length * 256))
  w.byte(RESOURCE_LOGS)
  const resourceLogs = w.begin()
  w.byte(RESOURCE)
  const resourceAt = w.begin()
  writeAttributes(w, resource.attributes, 0x0a) // Resource.attributes = 1
  w.end(resourceAt)
  w.byte(SCOPE_LOGS)
  const scopeLogs = w.begin()
  w.byte(SCOPE)
  const scopeAt = w.begin()
  w.byte(0x0a) // InstrumentationScope.name = 1
  w.string(resource.scopeName)
  w.byte(0x12) // .version = 2
  w.string(resource.scopeVersion)
  w.end(scopeAt)
  for (const record of records) writeLogRecord(w, record, observedMs)
  w.end(scopeLogs)
  w.end(resourceLogs)
  return w.finish()
}

function writeLogRecord(w: ProtoWriter, record: SignalRecord, observedMs: number): void {
  w.byte(LOG_RECORD)
  const at = w.begin()
  w.byte(TIME)
  writeTime(w, hrTime(record.timeMs))
  w.byte(SEVERITY_NUMBER)
  w.varint(SEVERITY_INFO)
  w.byte(SEVERITY_TEXT)
  w.string('INFO')
  writeAttributes(w, record.attributes, ATTRIBUTES)
  if (record.traceId !== undefined) {
    w.byte(TRACE_ID)
    w.hexBytes(record.traceId)
  }
  if (record.spanId !== undefined) {
    w.byte(SPAN_ID)
    w.hexBytes(record.spanId)
  }
  w.byte(OBSERVED_TIME)
  writeTime(w, hrTime(observedMs))
  w.byte(EVENT_NAME)
  w.string(record.eventName)
  w.end(at)
}

function hrTime(ms: number): [number, number] {
  const seconds = Math.floor(ms / 1000)
  return [seconds, Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6))]
}
