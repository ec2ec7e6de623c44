import { createHash } from 'node:crypto'
import type { SignalRow } from './signal-row.js'

/**
 * The idempotency key of a signal sent without one (an OpenTelemetry sender
 * that is not Vigil's SDK): a hash of what it says, when and about what, as
 * log-record-id.ts does for logs. A re-sent record hashes alike and counts
 * once; two distinct signals identical to the nanosecond count once too,
 * which for the same author on the same call is the same signal.
 */
export function signalContentKey(row: Omit<SignalRow, 'idempotency_key'>): string {
  const content = JSON.stringify([
    row.kind,
    row.time,
    row.trace_id,
    row.span_id,
    row.subject_id,
    row.use_case,
    row.name,
    row.value,
    row.source,
    row.author,
    row.reason,
    row.comment,
    row.corrected_text,
  ])
  return `h:${createHash('sha256').update(content).digest('hex').slice(0, 32)}`
}
