/**
 * What /metrics shows of the storage writer, normalized. The TelemetryWriter
 * contract has no stats, so `writerStatsSource` reads a `stats` getter (or
 * method) off the writer by shape: the storage writer's
 * `{ queuedBytes, requestsStored…, tables: { calls: {rowsWritten…} … } }`, or a
 * single BatchWriter's flat stats. A missing field is simply not exported.
 */
export interface IngestStats {
  queuedBytes?: number
  /** Writer-level request outcomes: stored, overloaded, failed. */
  requests: Record<string, number>
  tables: Record<string, IngestTableStats>
}

export interface IngestTableStats {
  queuedRows?: number
  batchesWritten?: number
  rowsWritten?: number
  failedBatches?: number
  lastBatchRows?: number
  lastInsertMs?: number
  /** Rows dropped as already stored, by where the duplicate was found (batch, recent, stored). */
  duplicates: Record<string, number>
}

export type IngestStatsSource = () => IngestStats | undefined

type Raw = Record<string, unknown>

const TABLE_FIELDS = [
  'queuedRows',
  'batchesWritten',
  'rowsWritten',
  'failedBatches',
  'lastBatchRows',
  'lastInsertMs',
] as const
const REQUEST_FIELDS: Record<string, string> = {
  requestsStored: 'stored',
  requestsOverloaded: 'overloaded',
  requestsFailed: 'failed',
}
const DUPLICATE_FIELD = /^duplicates([A-Z]\w*)$/

export function writerStatsSource(writer: object): IngestStatsSource {
  return () => {
    const raw = (writer as { stats?: unknown }).stats
    const value = typeof raw === 'function' ? (raw as () => unknown).call(writer) : raw
    if (!isObject(value)) return undefined
    const stats: IngestStats = { requests: {}, tables: {} }
    const queuedBytes = numberAt(value, 'queuedBytes')
    if (queuedBytes !== undefined) stats.queuedBytes = queuedBytes
    for (const [field, outcome] of Object.entries(REQUEST_FIELDS)) {
      const n = numberAt(value, field)
      if (n !== undefined) stats.requests[outcome] = n
    }
    if (isObject(value.tables)) {
      for (const [table, tableStats] of Object.entries(value.tables)) {
        if (isObject(tableStats)) stats.tables[table] = tableOf(tableStats)
      }
    } else if (numberAt(value, 'rowsWritten') !== undefined) {
      stats.tables.all = tableOf(value) // one BatchWriter for everything
    }
    return stats
  }
}

function tableOf(raw: Raw): IngestTableStats {
  const table: IngestTableStats = { duplicates: {} }
  for (const field of TABLE_FIELDS) {
    const n = numberAt(raw, field)
    if (n !== undefined) table[field] = n
  }
  for (const key of Object.keys(raw)) {
    const match = DUPLICATE_FIELD.exec(key)
    const n = numberAt(raw, key)
    if (match?.[1] && n !== undefined) table.duplicates[match[1].toLowerCase()] = n
  }
  return table
}

function isObject(value: unknown): value is Raw {
  return value !== null && typeof value === 'object'
}

function numberAt(raw: Raw, key: string): number | undefined {
  const n = raw[key]
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}
