import type { InsertListener } from '../ingest/telemetry-batch.js'
import { BatchWriter, type BatchWriterStats } from './batch-writer.js'
import type { ClickHouseStore } from './clickhouse-store.js'
import { RecentKeys } from './recent-keys.js'
import { type RowIdentity, rowKey } from './row-identity.js'
import { findStoredKeys } from './stored-keys.js'

export interface TableWriterOptions<Row> {
  store: ClickHouseStore
  identity: RowIdentity<Row>
  maxBatchRows: number
  lingerMs: number
  /** Keys of recently written rows kept in memory (0 disables the cache). */
  recentKeys: number
  /** Set only to measure what the check costs; without it retried rows are stored twice. */
  skipStoredCheck?: boolean
  /** After each stored batch: the table, rows inserted, milliseconds (lookup and insert). */
  onInsert?: InsertListener
}

export interface TableWriterStats extends BatchWriterStats {
  /** Rows dropped because the same row was already in the batch (a retry queued next to its original). */
  duplicatesInBatch: number
  /** Rows dropped because this process wrote them recently. */
  duplicatesRecent: number
  /** Rows dropped because storage already held them. */
  duplicatesStored: number
  /** Time the last batch spent on its storage lookup. */
  lastLookupMs: number
}

type DuplicateCounts = Pick<TableWriterStats, 'duplicatesInBatch' | 'duplicatesRecent' | 'duplicatesStored'>

/**
 * Group commit into one table that stores each row at most once. Before a
 * batch is inserted, rows that repeat within it, that this process wrote
 * recently, or that storage already holds (a client re-sending after a lost
 * acknowledgement) are dropped. That is what keeps retries out of the
 * per-minute rollup, whose materialized view counts every inserted row.
 *
 * Batches of one table are inserted one at a time, so a batch's lookup sees
 * every earlier batch of this process. Two processes inserting the same row
 * at the same moment can both miss it: see docs/scale-out.md.
 */
export class TableWriter<Row> {
  readonly #options: TableWriterOptions<Row>
  readonly #batches: BatchWriter<Row>
  readonly #recent: RecentKeys
  readonly #dedup = { duplicatesInBatch: 0, duplicatesRecent: 0, duplicatesStored: 0, lastLookupMs: 0 }

  constructor(options: TableWriterOptions<Row>) {
    this.#options = options
    this.#recent = new RecentKeys(options.recentKeys)
    this.#batches = new BatchWriter<Row>({
      maxBatchRows: options.maxBatchRows,
      lingerMs: options.lingerMs,
      // Admission (bytes in flight) is decided once per request by the telemetry writer.
      maxQueueBytes: Number.MAX_SAFE_INTEGER,
      insert: (rows) => this.#insert(rows),
      onInsert: options.onInsert && ((rows, ms) => options.onInsert?.(options.identity.table, rows, ms)),
    })
  }

  /** Resolves once the rows are stored (or known to be stored already). */
  write(rows: Row[], bytes: number): Promise<void> {
    return this.#batches.write(rows, bytes)
  }

  get stats(): TableWriterStats {
    return { ...this.#batches.stats, ...this.#dedup }
  }

  close(): Promise<void> {
    return this.#batches.close()
  }

  async #insert(rows: Row[]): Promise<number> {
    const { identity, store } = this.#options
    const dropped: DuplicateCounts = { duplicatesInBatch: 0, duplicatesRecent: 0, duplicatesStored: 0 }
    const fresh = await this.#withoutDuplicates(rows, dropped)
    if (fresh.rows.length > 0) {
      await store.insertRows(store.table(identity.table), fresh.rows as object[])
      this.#recent.add(fresh.keys)
    }
    // Counted once the batch is settled, so a failed batch and its retry are not both counted.
    this.#dedup.duplicatesInBatch += dropped.duplicatesInBatch
    this.#dedup.duplicatesRecent += dropped.duplicatesRecent
    this.#dedup.duplicatesStored += dropped.duplicatesStored
    return fresh.rows.length
  }

  async #withoutDuplicates(rows: Row[], dropped: DuplicateCounts): Promise<{ rows: Row[]; keys: string[] }> {
    const { identity, store } = this.#options
    const seen = new Set<string>()
    const candidates = new Map<string, { rows: Row[]; keys: string[] }>()
    for (const row of rows) {
      const key = rowKey(identity, row)
      if (seen.has(key)) {
        dropped.duplicatesInBatch++
        continue
      }
      seen.add(key)
      if (this.#recent.has(key)) {
        dropped.duplicatesRecent++
        continue
      }
      const project = identity.projectId(row)
      let group = candidates.get(project)
      if (!group) {
        group = { rows: [], keys: [] }
        candidates.set(project, group)
      }
      group.rows.push(row)
      group.keys.push(key)
    }
    const started = performance.now()
    const fresh = { rows: [] as Row[], keys: [] as string[] }
    for (const [project, group] of candidates) {
      const stored = this.#options.skipStoredCheck
        ? new Set<string>()
        : await findStoredKeys(store, identity, project, group.rows)
      group.rows.forEach((row, i) => {
        const key = group.keys[i] as string
        if (stored.has(key)) dropped.duplicatesStored++
        else {
          fresh.rows.push(row)
          fresh.keys.push(key)
        }
      })
    }
    this.#dedup.lastLookupMs = performance.now() - started
    return fresh
  }
}
