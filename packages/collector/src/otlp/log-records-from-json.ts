import {
  anyValueFromJson,
  attributesFromJson,
  resourceFromJson,
  scopeFromJson,
} from './any-value-from-json.js'
import {
  asObject,
  field,
  hexIdField,
  integerField,
  type JsonObject,
  listField,
  locate,
  objectField,
  stringField,
  uint64Field,
} from './otlp-json.js'
import type { OtlpLogRecord, OtlpResource, OtlpScope } from './otlp-types.js'

// logs.proto SeverityNumber: UNSPECIFIED = 0, then TRACE = 1 … FATAL4 = 24, four steps per level.
const SEVERITIES = [
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) =>
    ['', '2', '3', '4'].map((step) => `SEVERITY_NUMBER_${level}${step}`),
  ),
]
const JSON_PATH = ['resourceLogs', 'scopeLogs', 'logRecords']

/** The OTLP/JSON side of decodeLogsRequest. */
export function logRecordsFromJson(request: JsonObject): OtlpLogRecord[] {
  const records: OtlpLogRecord[] = []
  const at = [-1, -1, -1]
  try {
    const resourceLogsList = listField(request, 'resourceLogs', 'resource_logs')
    for (let i = 0; i < resourceLogsList.length; i++) {
      at[0] = i
      at[1] = -1
      const resourceLogs = asObject(resourceLogsList[i], 'resourceLogs item')
      const resource = resourceFromJson(objectField(resourceLogs, 'resource', 'resource'))
      const scopeLogsList = listField(resourceLogs, 'scopeLogs', 'scope_logs')
      for (let j = 0; j < scopeLogsList.length; j++) {
        at[1] = j
        at[2] = -1
        const scopeLogs = asObject(scopeLogsList[j], 'scopeLogs item')
        const scope = scopeFromJson(objectField(scopeLogs, 'scope', 'scope'))
        const recordList = listField(scopeLogs, 'logRecords', 'log_records')
        for (let k = 0; k < recordList.length; k++) {
          at[2] = k
          records.push(recordFromJson(asObject(recordList[k], 'log record'), resource, scope))
        }
      }
    }
  } catch (error) {
    throw locate(error, JSON_PATH, at)
  }
  return records
}

function recordFromJson(record: JsonObject, resource: OtlpResource, scope: OtlpScope): OtlpLogRecord {
  return {
    timeUnixNano: uint64Field(record, 'timeUnixNano', 'time_unix_nano'),
    observedTimeUnixNano: uint64Field(record, 'observedTimeUnixNano', 'observed_time_unix_nano'),
    severityNumber: integerField(record, 'severityNumber', 'severity_number', SEVERITIES),
    severityText: stringField(record, 'severityText', 'severity_text'),
    body: anyValueFromJson(field(record, 'body', 'body'), 0),
    attributes: attributesFromJson(listField(record, 'attributes', 'attributes')),
    traceId: hexIdField(record, 'traceId', 'trace_id', 32),
    spanId: hexIdField(record, 'spanId', 'span_id', 16),
    eventName: stringField(record, 'eventName', 'event_name'),
    resource,
    scope,
  }
}
