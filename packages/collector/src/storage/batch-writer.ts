import { VigilError } from '../errors.js'

export interface BatchWriterOptions<Row> {
  /**
   * Writes one batch durably; resolves only when the rows are stored. May
   * resolve to the number of rows it actually inserted, when it skipped some
   * (rows already stored); that is what `rowsWritten` counts.
   */
  insert: (rows: Row[]) => Promise<number | undefined>
  /** Flush as soon as this many rows wait. */
  maxBatchRows: number
  /** Otherwise flush this long after the first row of a batch arrived. */
  lingerMs: number
  /** Above this many queued bytes, new writes are refused with 503 instead of growing the heap. */
  maxQueueBytes: number
  /** Called after each successful insert with the rows it stored and its duration; must not throw. */
  onInsert?: (rows: number, ms: number) => void
}

export interface BatchWriterStats {
  queuedRows: number
  queuedBytes: number
  batchesWritten: number
  rowsWritten: number
  failedBatches: number
  lastBatchRows: number
  lastInsertMs: number
}

interface Pending<Row> {
  rows: Row[]
  bytes: number
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * Group commit: rows from many requests are inserted together, and each
 * request's promise settles only when the insert holding its rows has finished.
 * ClickHouse wants few large inserts (each insert makes a part); clients want
 * an acknowledgement that means "stored". One insert runs at a time; rows that
 * arrive meanwhile form the next batch.
 */
export class BatchWriter<Row> {
  readonly #options: BatchWriterOptions<Row>
  #pending: Pending<Row>[] = []
  #pendingRows = 0
  #queuedBytes = 0
  #timer: NodeJS.Timeout | undefined
  #oldestPendingAt = 0
  #inFlight: Promise<void> | undefined
  #closed = false
  readonly #stats = { batchesWritten: 0, rowsWritten: 0, failedBatches: 0, lastBatchRows: 0, lastInsertMs: 0 }

  constructor(options: BatchWriterOptions<Row>) {
    this.#options = options
  }

  /**
   * Queues rows; resolves once they are durably stored. Rejects with
   * VIGIL_ERR_OVERLOADED (503) when the queue is full and VIGIL_ERR_STORAGE_UNAVAILABLE
   * (503) when the insert failed: both tell an OTLP client to retry.
   */
  write(rows: Row[], bytes: number): Promise<void> {
    if (rows.length === 0) return Promise.resolve()
    if (this.#closed) {
      return Promise.reject(
        new VigilError('OVERLOADED', 'Collector is shutting down; retry against another instance', {
          retryAfterSeconds: 1,
        }),
      )
    }
    if (this.#queuedBytes > 0 && this.#queuedBytes + bytes > this.#options.maxQueueBytes) {
      return Promise.reject(
        new VigilError('OVERLOADED', 'Write queue is full; retry after the indicated delay', {
          retryAfterSeconds: 1,
        }),
      )
    }
    return new Promise<void>((resolve, reject) => {
      if (this.#pending.length === 0) this.#oldestPendingAt = performance.now()
      this.#pending.push({ rows, bytes, resolve, reject })
      this.#pendingRows += rows.length
      this.#queuedBytes += bytes
      if (this.#pendingRows >= this.#options.maxBatchRows) this.#flushSoon(0)
      else this.#flushSoon(this.#options.lingerMs)
    })
  }

  get stats(): BatchWriterStats {
    return { ...this.#stats, queuedRows: this.#pendingRows, queuedBytes: this.#queuedBytes }
  }

  /** Writes everything queued, then refuses new rows. */
  async close(): Promise<void> {
    this.#closed = true
    while (this.#pending.length > 0 || this.#inFlight) {
      if (this.#inFlight) await this.#inFlight
      else await this.#flush()
    }
  }

  #flushSoon(delayMs: number): void {
    if (this.#inFlight) return // the running insert schedules the next one when it ends
    if (delayMs === 0) {
      if (this.#timer) clearTimeout(this.#timer)
      this.#timer = undefined
      void this.#flush()
      return
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined
      void this.#flush()
    }, delayMs)
  }

  #flush(): Promise<void> {
    if (this.#inFlight || this.#pending.length === 0) return this.#inFlight ?? Promise.resolve()
    this.#inFlight = this.#insert(this.#take())
    return this.#inFlight
  }

  async #insert(batch: Pending<Row>[]): Promise<void> {
    const rows = batch.flatMap((p) => p.rows)
    const started = performance.now()
    let failure: VigilError | undefined
    let inserted = rows.length
    try {
      inserted = (await this.#options.insert(rows)) ?? rows.length
    } catch (error) {
      failure = new VigilError('STORAGE_UNAVAILABLE', 'Storage did not accept the write; retry later', {
        cause: error,
        retryAfterSeconds: 1,
      })
    }
    // Settle the books before waking writers, so they observe the freed queue.
    this.#stats.lastInsertMs = performance.now() - started
    for (const p of batch) this.#queuedBytes -= p.bytes
    if (failure) this.#stats.failedBatches++
    else {
      this.#stats.batchesWritten++
      this.#stats.rowsWritten += inserted
      this.#stats.lastBatchRows = inserted
      this.#options.onInsert?.(inserted, this.#stats.lastInsertMs)
    }
    this.#inFlight = undefined
    for (const p of batch) {
      if (failure) p.reject(failure)
      else p.resolve()
    }
    if (this.#pending.length > 0) {
      // Rows that waited through the insert count their wait towards the linger.
      const waited = performance.now() - this.#oldestPendingAt
      const full = this.#pendingRows >= this.#options.maxBatchRows || this.#closed
      this.#flushSoon(full ? 0 : Math.max(0, this.#options.lingerMs - waited))
    }
  }

  /** Takes whole requests up to maxBatchRows (at least one), so a request is never split. */
  #take(): Pending<Row>[] {
    const batch: Pending<Row>[] = []
    let rows = 0
    while (this.#pending.length > 0) {
      const next = this.#pending[0] as Pending<Row>
      if (batch.length > 0 && rows + next.rows.length > this.#options.maxBatchRows) break
      batch.push(next)
      rows += next.rows.length
      this.#pending.shift()
    }
    this.#pendingRows -= rows
    this.#oldestPendingAt = performance.now()
    return batch
  }
}
