import { VigilError } from '../errors.js'
import type { InsertListener, TelemetryBatch, TelemetryWriter } from '../ingest/telemetry-batch.js'
import type { ClickHouseStore } from './clickhouse-store.js'
import { logRecordId } from './log-record-id.js'
import type { ProjectSettings } from './project-settings.js'
import {
  callIdentity,
  logIdentity,
  type StoredCall,
  type StoredLog,
  type StoredSpan,
  spanIdentity,
} from './row-identity.js'
import { type StoredSignal, signalIdentity } from './signal-identity.js'
import { TableWriter, type TableWriterStats } from './table-writer.js'

export interface ClickHouseTelemetryWriterOptions {
  store: ClickHouseStore
  settings: ProjectSettings
  maxBatchRows: number
  lingerMs: number
  /** Request bytes held in memory at most; beyond, requests are refused with 503 + Retry-After. */
  maxQueueBytes: number
  dedupCacheIds: number
  /** Measurement only: skip the "already stored?" lookup. */
  skipStoredCheck?: boolean
}

/** Counters for self-monitoring; read them with `writer.stats`. */
export interface TelemetryWriterStats {
  /** Requests whose rows are all stored (or were stored before): acknowledged. */
  requestsStored: number
  /** Requests refused with 503 because the queue was full or the collector was stopping. */
  requestsOverloaded: number
  /** Requests refused with 503 because storage failed; the client retries them. */
  requestsFailed: number
  /** Bytes of requests admitted and not settled yet. */
  queuedBytes: number
  /** Per table; rowsWritten counts rows inserted, duplicates dropped before the insert excluded. */
  tables: {
    calls: TableWriterStats
    spans: TableWriterStats
    logs: TableWriterStats
    signals: TableWriterStats
  }
}

/**
 * Stores a request's calls, spans, logs and signals, each table through its own group
 * commit, and acknowledges the request only when every table holds its rows.
 * If one table fails, the request fails (503) and the client sends it all
 * again; the tables that had succeeded drop the repeated rows.
 *
 * Memory is bounded by bytes admitted: a request that does not fit is
 * refused at once with 503 + Retry-After rather than queued.
 */
export class ClickHouseTelemetryWriter implements TelemetryWriter {
  readonly #options: ClickHouseTelemetryWriterOptions
  readonly #calls: TableWriter<StoredCall>
  readonly #spans: TableWriter<StoredSpan>
  readonly #logs: TableWriter<StoredLog>
  readonly #signals: TableWriter<StoredSignal>
  #queuedBytes = 0
  #closed = false
  readonly #counts = { requestsStored: 0, requestsOverloaded: 0, requestsFailed: 0 }
  readonly #insertListeners = new Set<InsertListener>()

  constructor(options: ClickHouseTelemetryWriterOptions) {
    this.#options = options
    const table = {
      store: options.store,
      maxBatchRows: options.maxBatchRows,
      lingerMs: options.lingerMs,
      recentKeys: options.dedupCacheIds,
      skipStoredCheck: options.skipStoredCheck ?? false,
      onInsert: (name: string, rows: number, ms: number) => {
        for (const listener of this.#insertListeners) listener(name, rows, ms)
      },
    }
    this.#calls = new TableWriter({ ...table, identity: callIdentity })
    this.#spans = new TableWriter({ ...table, identity: spanIdentity })
    this.#logs = new TableWriter({ ...table, identity: logIdentity })
    this.#signals = new TableWriter({ ...table, identity: signalIdentity })
  }

  /**
   * Resolves when every row of the batch is stored. Takes ownership of the
   * rows: they are stamped with the columns only storage knows about.
   */
  async write(batch: TelemetryBatch, bytes: number): Promise<void> {
    const signals = batch.signals ?? []
    const rows = batch.calls.length + batch.spans.length + batch.logs.length + signals.length
    if (rows === 0) return
    this.#admit(bytes)
    this.#queuedBytes += bytes
    try {
      const share = (n: number) => Math.round((bytes * n) / rows)
      // allSettled, not all: the request must not be answered while one of its
      // inserts is still running, or a retry could race its own original.
      const results = await Promise.allSettled([
        this.#calls.write(this.#stamp(batch.calls), share(batch.calls.length)),
        this.#spans.write(this.#stamp(batch.spans), share(batch.spans.length)),
        this.#logs.write(this.#stampLogs(batch.logs), share(batch.logs.length)),
        this.#signals.write(this.#stamp(signals), share(signals.length)),
      ])
      const failed = results.find((result) => result.status === 'rejected')
      if (failed) {
        const error = failed.reason
        if (error instanceof VigilError && error.code === 'VIGIL_ERR_OVERLOADED')
          this.#counts.requestsOverloaded++
        else this.#counts.requestsFailed++
        throw error
      }
      this.#counts.requestsStored++
    } finally {
      this.#queuedBytes -= bytes
    }
  }

  /** Observes every stored batch of every table (self-monitoring); returns the remover. */
  onInsert(listener: InsertListener): () => void {
    this.#insertListeners.add(listener)
    return () => {
      this.#insertListeners.delete(listener)
    }
  }

  get stats(): TelemetryWriterStats {
    return {
      ...this.#counts,
      queuedBytes: this.#queuedBytes,
      tables: {
        calls: this.#calls.stats,
        spans: this.#spans.stats,
        logs: this.#logs.stats,
        signals: this.#signals.stats,
      },
    }
  }

  /** Writes everything admitted, then refuses new requests. */
  async close(): Promise<void> {
    this.#closed = true
    await Promise.all([this.#calls.close(), this.#spans.close(), this.#logs.close(), this.#signals.close()])
  }

  #admit(bytes: number): void {
    const message = this.#closed
      ? 'Collector is shutting down; retry against another instance'
      : this.#queuedBytes > 0 && this.#queuedBytes + bytes > this.#options.maxQueueBytes
        ? 'Write queue is full; retry after the indicated delay'
        : undefined
    if (message === undefined) return
    this.#counts.requestsOverloaded++
    throw new VigilError('OVERLOADED', message, { retryAfterSeconds: 1 })
  }

  #stamp<Row extends { project_id: string }>(rows: Row[]): (Row & { retention_days: number })[] {
    const { settings } = this.#options
    for (const row of rows) Object.assign(row, { retention_days: settings.retentionDays(row.project_id) })
    return rows as (Row & { retention_days: number })[]
  }

  #stampLogs(rows: TelemetryBatch['logs']): StoredLog[] {
    for (const row of this.#stamp(rows)) Object.assign(row, { record_id: logRecordId(row) })
    return rows as StoredLog[]
  }
}
