import type { LlmCall } from '../ingest/llm-call.js'
import type { LogRow } from '../ingest/log-row.js'
import type { SpanRow } from '../ingest/span-row.js'

/** Columns the writer adds to every row it stores. */
export interface StoredColumns {
  retention_days: number
}
export type StoredCall = LlmCall & StoredColumns
export type StoredSpan = SpanRow & StoredColumns
/** Log records have no id of their own; `record_id` is a hash of their content (see log-record-id.ts). */
export type StoredLog = LogRow & StoredColumns & { record_id: string }

/**
 * What makes a row the same row when a client sends it again: its project and
 * id columns. The time column bounds the "already stored?" lookup, so it reads
 * a few granules of the sort key instead of the whole project.
 */
export interface RowIdentity<Row> {
  table: string
  timeColumn: string
  time(row: Row): string
  idColumns: readonly string[]
  ids(row: Row): readonly string[]
  projectId(row: Row): string
}

export const callIdentity: RowIdentity<StoredCall> = {
  table: 'calls',
  timeColumn: 'start_time',
  time: (row) => row.start_time,
  idColumns: ['span_id'],
  ids: (row) => [row.span_id],
  projectId: (row) => row.project_id,
}

// trace_id leads the sort key of `spans`, so matching it too makes the lookup a primary key read.
export const spanIdentity: RowIdentity<StoredSpan> = {
  table: 'spans',
  timeColumn: 'start_time',
  time: (row) => row.start_time,
  idColumns: ['trace_id', 'span_id'],
  ids: (row) => [row.trace_id, row.span_id],
  projectId: (row) => row.project_id,
}

export const logIdentity: RowIdentity<StoredLog> = {
  table: 'logs',
  timeColumn: 'time',
  time: (row) => row.time,
  idColumns: ['event_name', 'record_id'],
  ids: (row) => [row.event_name, row.record_id],
  projectId: (row) => row.project_id,
}

/** The in-memory key of a row: project and ids, joined by a byte no id contains. */
export function rowKey<Row>(identity: RowIdentity<Row>, row: Row): string {
  return `${identity.projectId(row)}\u0000${identity.ids(row).join('\u0000')}`
}
