import { createHash } from 'node:crypto'
import type { LogRow } from '../ingest/log-row.js'

/**
 * A log record's identity: a hash of what it says and when. OTLP log records
 * carry no id, so a record re-sent after a lost acknowledgement is recognised
 * by its content. `observed_time` is left out on purpose: it may be stamped on
 * receipt and then differs between a send and its retry. Two distinct records
 * with the same content, attributes and nanosecond timestamp count as one: for
 * events that is the same event, and it is the price of never counting a
 * retry twice.
 */
export function logRecordId(row: LogRow): string {
  const content = JSON.stringify([
    row.time,
    row.trace_id,
    row.span_id,
    row.severity_number,
    row.severity_text,
    row.event_name,
    row.service_name,
    row.body,
    sortedEntries(row.attributes),
    sortedEntries(row.resource_attributes),
  ])
  return createHash('sha256').update(content).digest('hex').slice(0, 32)
}

function sortedEntries(map: Record<string, string>): [string, string][] {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}
