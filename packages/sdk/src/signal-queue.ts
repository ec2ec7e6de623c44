import { context } from '@opentelemetry/api'
import { suppressTracing } from '@opentelemetry/core'
import { FlushTracker } from './exporter/flush-tracker.js'
import { describeError, type VigilLogger } from './logger.js'
import type { SignalRecord, SignalSink } from './signal-record.js'
import type { StatsCounters } from './stats.js'

export interface SignalQueueOptions {
  sink: SignalSink
  stats: StatsCounters
  logger: VigilLogger
  maxQueueSize: number
  maxExportBatchSize: number
  scheduledDelayMillis: number
  exportTimeoutMillis: number
}

/**
 * The bounded batching queue of signals, beside the spans' ExportQueue and
 * with its settings: a full queue drops (and counts) new signals rather than
 * grow, a batch goes out when full or after `scheduledDelayMillis`, one batch
 * at a time, and `flush()` says whether every signal recorded before it was
 * delivered (the same FlushTracker accounting as spans).
 */
export class SignalQueue {
  private records: SignalRecord[] = []
  private seqs: number[] = []
  private lastSeq = 0
  private lastQueuedSeq = 0
  private exporting = false
  private timer: NodeJS.Timeout | undefined
  private overflowing = false
  private closing: Promise<boolean> | undefined
  private readonly tracker = new FlushTracker()

  constructor(private readonly options: SignalQueueOptions) {}

  get length(): number {
    return this.records.length
  }

  /** Queues a signal; false when it was dropped (queue full, or shut down). */
  add(record: SignalRecord): boolean {
    const seq = ++this.lastSeq
    if (this.closing !== undefined) {
      this.drop(seq)
      this.options.logger.debug('A signal was recorded after shutdown() and dropped.')
      return false
    }
    if (this.records.length >= this.options.maxQueueSize) {
      this.drop(seq)
      if (!this.overflowing) {
        this.overflowing = true
        this.options.logger.warn(
          `The signal queue is full (maxQueueSize ${this.options.maxQueueSize}): new signals are dropped until it drains. ` +
            'The collector is slow or unreachable; check getStats().',
        )
      }
      return false
    }
    this.overflowing = false
    this.records.push(record)
    this.seqs.push(seq)
    this.lastQueuedSeq = seq
    this.pump()
    return true
  }

  /** Sends what is queued; true when every signal recorded so far was delivered. Never rejects. */
  flush(): Promise<boolean> {
    const done = this.tracker.open(this.lastSeq, this.lastQueuedSeq)
    this.pump()
    return done
  }

  /** Flushes, then shuts the sink down; later signals are dropped. Idempotent. */
  close(): Promise<boolean> {
    this.closing ??= this.flush().then(async (ok) => {
      this.clearTimer()
      try {
        await this.options.sink.shutdown?.()
      } catch (error) {
        this.options.logger.warn(`The signal sink failed to shut down cleanly: ${describeError(error)}`)
      }
      return ok
    })
    return this.closing
  }

  private drop(seq: number): void {
    this.options.stats.signalsDropped++
    this.tracker.lost(seq, seq)
  }

  private pump(): void {
    const first = this.seqs[0]
    if (this.exporting || first === undefined) return
    if (this.records.length >= this.options.maxExportBatchSize || this.tracker.isAwaited(first)) {
      this.exportBatch()
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined
        if (!this.exporting) this.exportBatch()
      }, this.options.scheduledDelayMillis)
      // Waiting signals must not keep a finished app alive (the exit flush sends them).
      this.timer.unref()
    }
  }

  private exportBatch(): void {
    this.clearTimer()
    const batch = this.records.splice(0, this.options.maxExportBatchSize)
    const seqs = this.seqs.splice(0, batch.length)
    const first = seqs[0]
    const last = seqs.at(-1)
    if (first === undefined || last === undefined) return
    this.exporting = true
    let timeout: NodeJS.Timeout | undefined
    const timedOut = new Promise<boolean>((resolve) => {
      timeout = setTimeout(() => resolve(false), this.options.exportTimeoutMillis)
      timeout.unref()
    })
    void Promise.race([this.send(batch), timedOut]).then((ok) => {
      clearTimeout(timeout)
      const { stats } = this.options
      if (ok) stats.signalsExported += batch.length
      else {
        stats.signalsFailed += batch.length
        this.tracker.lost(first, last)
      }
      this.exporting = false
      this.tracker.settled(last)
      queueMicrotask(() => this.pump())
    })
  }

  private async send(batch: SignalRecord[]): Promise<boolean> {
    try {
      // Suppressed so that an HTTP auto-instrumentation in the app does not trace Vigil's own exports.
      const ok = await context.with(suppressTracing(context.active()), () => this.options.sink.export(batch))
      return ok === true
    } catch (error) {
      this.options.logger.debug(`Lost a batch of ${batch.length} signal(s): ${describeError(error)}`)
      return false
    }
  }

  private clearTimer(): void {
    if (this.timer === undefined) return
    clearTimeout(this.timer)
    this.timer = undefined
  }
}
