import type { OtlpLogRecord } from '../otlp/otlp-types.js'
import { attributeNames } from './attribute-names.js'
import { asString, first, stringMap } from './attribute-values.js'
import type { LogRow } from './log-row.js'

export type LogMapping = { kind: 'log'; log: LogRow } | { kind: 'invalid'; reason: string }

const UNSET_TIME = '0'

/**
 * The `logs` row of one OTLP log record: GenAI events
 * (`gen_ai.client.inference.operation.details`…) and other app logs.
 *
 * - Event name: the record's `event_name` field (OTLP 1.5+), else the
 *   `event.name` attribute earlier SDKs used.
 * - Times: the data model says a consumer uses the observed time when the
 *   event time is absent; when both are absent, the collector is the one
 *   observing it, so `receivedAtNanos` (now) stands in.
 * - Body: strings as they are, anything else (the structured bodies of
 *   GenAI events) JSON-encoded.
 * - A record with no body, attributes or event name carries nothing and is
 *   rejected (OTLP partial success).
 *
 * @example
 * const mapped = mapLogRecord(record, principal.projectId)
 * if (mapped.kind === 'log') batch.logs.push(mapped.log)
 * else rejected.push(mapped.reason)
 */
export function mapLogRecord(
  record: OtlpLogRecord,
  projectId: string,
  receivedAtNanos: string = nowNanos(),
): LogMapping {
  const eventName = record.eventName || asString(record.attributes['event.name'])
  const empty = record.body === null || record.body === ''
  if (empty && eventName === '' && Object.keys(record.attributes).length === 0) {
    return { kind: 'invalid', reason: 'log record has no body, attributes or event name' }
  }
  const observed = isSet(record.observedTimeUnixNano) ? record.observedTimeUnixNano : receivedAtNanos
  const resource = record.resource.attributes
  return {
    kind: 'log',
    log: {
      project_id: projectId,
      time: isSet(record.timeUnixNano) ? record.timeUnixNano : observed,
      observed_time: observed,
      trace_id: record.traceId,
      span_id: record.spanId,
      severity_number: record.severityNumber,
      severity_text: record.severityText,
      event_name: eventName,
      service_name: asString(first(resource, attributeNames.serviceName)) || 'unknown_service',
      body:
        typeof record.body === 'string'
          ? record.body
          : record.body === null
            ? ''
            : JSON.stringify(record.body),
      attributes: stringMap(record.attributes),
      resource_attributes: stringMap(resource),
    },
  }
}

function isSet(nanos: string): boolean {
  return nanos !== '' && nanos !== UNSET_TIME
}

function nowNanos(): string {
  return (BigInt(Date.now()) * 1_000_000n).toString()
}
