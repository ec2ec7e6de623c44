import type { OtlpLogRecord, OtlpResource, OtlpScope } from './otlp-types.js'
import { readAnyValue, readKeyValueInto, readResourceInto, readScopeInto } from './proto-attributes.js'
import { I64, LEN, ProtoReader, VARINT } from './proto-reader.js'

// Field tags, (field_number << 3) | wire_type, from logs.proto and logs_service.proto.
const RESOURCE_LOGS = (1 << 3) | LEN // ExportLogsServiceRequest.resource_logs
const RESOURCE = (1 << 3) | LEN // ResourceLogs.resource
const SCOPE_LOGS = (2 << 3) | LEN
const SCOPE = (1 << 3) | LEN // ScopeLogs.scope
const LOG_RECORDS = (2 << 3) | LEN
const TIME = (1 << 3) | I64 // LogRecord.*
const SEVERITY_NUMBER = (2 << 3) | VARINT
const SEVERITY_TEXT = (3 << 3) | LEN
const BODY = (5 << 3) | LEN
const ATTRIBUTES = (6 << 3) | LEN
const TRACE_ID = (9 << 3) | LEN
const SPAN_ID = (10 << 3) | LEN
const OBSERVED_TIME = (11 << 3) | I64
const EVENT_NAME = (12 << 3) | LEN

/** The protobuf side of decodeLogsRequest, read straight off the wire (see ProtoReader). */
export function logRecordsFromProtobuf(body: Uint8Array): OtlpLogRecord[] {
  const r = new ProtoReader(body)
  const records: OtlpLogRecord[] = []
  while (r.pos < r.length) {
    const tag = r.uint32()
    if (tag === RESOURCE_LOGS) readResourceLogs(r, r.end(r.length), records)
    else r.skip(tag, r.length)
  }
  return records
}

function readResourceLogs(r: ProtoReader, end: number, records: OtlpLogRecord[]): void {
  const resource: OtlpResource = { attributes: {} }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === RESOURCE) readResourceInto(r, r.end(end), resource)
    else if (tag === SCOPE_LOGS) readScopeLogs(r, r.end(end), resource, records)
    else r.skip(tag, end)
  }
  r.finish(end)
}

function readScopeLogs(r: ProtoReader, end: number, resource: OtlpResource, records: OtlpLogRecord[]): void {
  const scope: OtlpScope = { name: '', version: '' }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === LOG_RECORDS) records.push(readLogRecord(r, r.end(end), resource, scope))
    else if (tag === SCOPE) readScopeInto(r, r.end(end), scope)
    else r.skip(tag, end)
  }
  r.finish(end)
}

function readLogRecord(r: ProtoReader, end: number, resource: OtlpResource, scope: OtlpScope): OtlpLogRecord {
  const record: OtlpLogRecord = {
    timeUnixNano: '0',
    observedTimeUnixNano: '0',
    severityNumber: 0,
    severityText: '',
    body: null,
    attributes: {},
    traceId: '',
    spanId: '',
    eventName: '',
    resource,
    scope,
  }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === ATTRIBUTES) readKeyValueInto(r, r.end(end), record.attributes)
    else if (tag === BODY) record.body = readAnyValue(r, r.end(end), 0)
    else if (tag === TIME) record.timeUnixNano = r.fixed64Decimal()
    else if (tag === OBSERVED_TIME) record.observedTimeUnixNano = r.fixed64Decimal()
    else if (tag === SEVERITY_NUMBER) record.severityNumber = r.int32()
    else if (tag === SEVERITY_TEXT) record.severityText = r.recurringString(end)
    else if (tag === EVENT_NAME) record.eventName = r.recurringString(end)
    else if (tag === TRACE_ID) record.traceId = r.id(end, 16, 'traceId')
    else if (tag === SPAN_ID) record.spanId = r.id(end, 8, 'spanId')
    else r.skip(tag, end)
  }
  r.finish(end)
  return record
}
