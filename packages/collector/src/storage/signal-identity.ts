import type { SignalRow } from '../ingest/signal-row.js'
import type { RowIdentity, StoredColumns } from './row-identity.js'

export type StoredSignal = SignalRow & StoredColumns

/**
 * A signal is the same signal when its project, kind and idempotency key are:
 * whatever its time, since a sender may stamp a re-send anew. So the "already
 * stored?" lookup has no time bound (an empty time makes findStoredKeys skip
 * it); `(project_id, kind, idempotency_key)` is the sort key of `signals`, so
 * it is a primary key read all the same.
 */
export const signalIdentity: RowIdentity<StoredSignal> = {
  table: 'signals',
  timeColumn: 'time',
  time: () => '',
  idColumns: ['kind', 'idempotency_key'],
  ids: (row) => [row.kind, row.idempotency_key],
  projectId: (row) => row.project_id,
}
