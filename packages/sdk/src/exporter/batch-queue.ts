import { context } from '@opentelemetry/api'
import { type ExportResult, ExportResultCode, suppressTracing } from '@opentelemetry/core'
import { describeError, type VigilLogger } from '../logger.js'
import type { StatsCounters } from '../stats.js'
import { FlushTracker } from './flush-tracker.js'

/** The settings every batch queue has; `init()` gives spans and signals the same ones. */
export interface BatchQueueSettings {
  stats: StatsCounters
  logger: VigilLogger
  maxQueueSize: number
  maxExportBatchSize: number
  scheduledDelayMillis: number
  exportTimeoutMillis: number
}

/** What a queue logs in its own words (spans and signals give different advice). */
export interface BatchQueueWording {
  /** Debug line for an item added after `close()`. */
  afterShutdown: string
  /** Warning, once per overflow, when the queue starts dropping. */
  full: string
  /** What is shut down by `close()`, as in "The exporter failed to shut down cleanly". */
  target: string
}

/**
 * A bounded batching queue, the common part of the spans' {@link ExportQueue}
 * and the {@link SignalQueue}: in place of OpenTelemetry's BatchSpanProcessor
 * because Vigil needs what that one does not expose: an exact count of dropped
 * and failed items, and a flush that says whether everything recorded so far
 * reached the collector, in-flight batches included. A full queue drops (and
 * counts) new items rather than grow; a batch goes out when full or after
 * `scheduledDelayMillis`, one batch at a time, so the order of settlement is
 * the order of items.
 *
 * A subclass, not a wrapped object: the span processor's `onEnd` calls
 * {@link add} on itself, which keeps the per-span path free of another hop.
 */
export abstract class BatchQueue<T> {
  // Queued items and their sequence numbers, side by side: no object per item.
  private items: T[] = []
  private seqs: number[] = []
  private lastSeq = 0
  private lastQueuedSeq = 0
  private exporting = false
  private timer: NodeJS.Timeout | undefined
  private overflowing = false
  private closing: Promise<boolean> | undefined
  private readonly tracker = new FlushTracker()

  constructor(
    protected readonly settings: BatchQueueSettings,
    private readonly wording: BatchQueueWording,
  ) {}

  /** Items waiting to be sent (not counting the batch in flight). */
  get length(): number {
    return this.items.length
  }

  /** Queues an item; false when it was dropped (queue full, or shut down). */
  add(item: T): boolean {
    const seq = ++this.lastSeq
    if (this.closing !== undefined) {
      this.drop(seq)
      this.settings.logger.debug(this.wording.afterShutdown)
      return false
    }
    if (this.items.length >= this.settings.maxQueueSize) {
      this.drop(seq)
      if (!this.overflowing) {
        this.overflowing = true
        this.settings.logger.warn(this.wording.full)
      }
      return false
    }
    this.overflowing = false
    this.items.push(item)
    this.seqs.push(seq)
    this.lastQueuedSeq = seq
    this.pump()
    return true
  }

  /** Sends everything queued now; true when all items recorded so far were acknowledged. Never rejects. */
  flush(): Promise<boolean> {
    const done = this.tracker.open(this.lastSeq, this.lastQueuedSeq)
    this.pump()
    return done
  }

  /** Flushes, then shuts the destination down; later items are dropped. Idempotent. */
  close(): Promise<boolean> {
    this.closing ??= this.flush().then(async (ok) => {
      this.clearTimer()
      try {
        await this.shutdownDestination()
      } catch (error) {
        this.settings.logger.warn(
          `The ${this.wording.target} failed to shut down cleanly: ${describeError(error)}`,
        )
      }
      return ok
    })
    return this.closing
  }

  /** Hands one batch to the destination; `done` may be called at once or later, more than once is ignored. */
  protected abstract send(batch: T[], done: (result: ExportResult) => void): void

  /** Counts a settled batch (and logs a loss) in this queue's stats. */
  protected abstract counted(count: number, result: ExportResult): void

  /** Counts one item dropped before sending (queue full, or shut down). */
  protected abstract countDropped(): void

  protected abstract shutdownDestination(): Promise<void>

  private drop(seq: number): void {
    this.countDropped()
    this.tracker.lost(seq, seq)
  }

  private pump(): void {
    const first = this.seqs[0]
    if (this.exporting || first === undefined) return
    if (this.items.length >= this.settings.maxExportBatchSize || this.tracker.isAwaited(first)) {
      this.exportBatch()
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined
        if (!this.exporting) this.exportBatch()
      }, this.settings.scheduledDelayMillis)
      // Waiting items must not keep a finished app alive; flush()/shutdown() (and the exit flush) send them.
      this.timer.unref()
    }
  }

  private exportBatch(): void {
    this.clearTimer()
    const batch = this.items.splice(0, this.settings.maxExportBatchSize)
    const seqs = this.seqs.splice(0, batch.length)
    const first = seqs[0]
    const last = seqs.at(-1)
    if (first === undefined || last === undefined) return
    this.exporting = true
    let settled = false
    const settle = (result: ExportResult): void => {
      if (settled) return
      settled = true
      clearTimeout(timeout)
      this.counted(batch.length, result)
      if (result.code !== ExportResultCode.SUCCESS) this.tracker.lost(first, last)
      this.exporting = false
      this.tracker.settled(last)
      // A microtask, not a direct call: a synchronous exporter would otherwise recurse once per batch.
      queueMicrotask(() => this.pump())
    }
    const timeout = setTimeout(() => {
      const error = new Error(
        `export did not finish within exportTimeoutMillis (${this.settings.exportTimeoutMillis} ms)`,
      )
      settle({ code: ExportResultCode.FAILED, error })
    }, this.settings.exportTimeoutMillis)
    timeout.unref()
    try {
      // Suppressed so that an HTTP auto-instrumentation in the app does not trace our own exports.
      context.with(suppressTracing(context.active()), () => this.send(batch, settle))
    } catch (error) {
      settle({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      })
    }
  }

  private clearTimer(): void {
    if (this.timer === undefined) return
    clearTimeout(this.timer)
    this.timer = undefined
  }
}
