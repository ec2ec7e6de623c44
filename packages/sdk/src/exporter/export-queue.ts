import { context } from '@opentelemetry/api'
import { type ExportResult, ExportResultCode, suppressTracing } from '@opentelemetry/core'
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { describeError, type VigilLogger } from '../logger.js'
import type { StatsCounters } from '../stats.js'
import { FlushTracker } from './flush-tracker.js'

export interface ExportQueueOptions {
  exporter: SpanExporter
  stats: StatsCounters
  logger: VigilLogger
  maxQueueSize: number
  maxExportBatchSize: number
  scheduledDelayMillis: number
  exportTimeoutMillis: number
}

/**
 * A bounded batching span processor, in place of OpenTelemetry's
 * BatchSpanProcessor because Vigil needs what that one does not expose: an
 * exact count of dropped and failed spans, and a flush that says whether
 * everything recorded so far reached the collector, in-flight batches included.
 * Exports one batch at a time so the order of settlement is the order of spans.
 */
export class ExportQueue implements SpanProcessor {
  // Queued spans and their sequence numbers, side by side: no object per span.
  private spans: ReadableSpan[] = []
  private seqs: number[] = []
  private lastSeq = 0
  private lastQueuedSeq = 0
  private exporting = false
  private timer: NodeJS.Timeout | undefined
  private overflowing = false
  private closing: Promise<boolean> | undefined
  private readonly tracker = new FlushTracker()

  constructor(private readonly options: ExportQueueOptions) {}

  /** Spans waiting to be sent (not counting the batch in flight). */
  get length(): number {
    return this.spans.length
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const seq = ++this.lastSeq
    if (this.closing !== undefined) {
      this.drop(seq)
      this.options.logger.debug(
        'A span ended after shutdown() and was dropped; end calls before shutting down.',
      )
      return
    }
    if (this.spans.length >= this.options.maxQueueSize) {
      this.drop(seq)
      if (!this.overflowing) {
        this.overflowing = true
        this.options.logger.warn(
          `The span queue is full (maxQueueSize ${this.options.maxQueueSize}): new spans are dropped until it drains. ` +
            'The collector is slow or unreachable, or the app records spans faster than they are sent; ' +
            'check getStats() and consider a larger maxQueueSize.',
        )
      }
      return
    }
    this.overflowing = false
    this.spans.push(span)
    this.seqs.push(seq)
    this.lastQueuedSeq = seq
    this.pump()
  }

  /** Sends everything queued now; true when all spans recorded so far were acknowledged. Never rejects. */
  flush(): Promise<boolean> {
    const done = this.tracker.open(this.lastSeq, this.lastQueuedSeq)
    this.pump()
    return done
  }

  forceFlush(): Promise<void> {
    return this.flush().then(() => undefined)
  }

  /** Flushes, then shuts the exporter down; later spans are dropped. Idempotent. */
  close(): Promise<boolean> {
    this.closing ??= this.flush().then(async (ok) => {
      this.clearTimer()
      try {
        await this.options.exporter.shutdown()
      } catch (error) {
        this.options.logger.warn(`The exporter failed to shut down cleanly: ${describeError(error)}`)
      }
      return ok
    })
    return this.closing
  }

  shutdown(): Promise<void> {
    return this.close().then(() => undefined)
  }

  private drop(seq: number): void {
    this.options.stats.spansDropped++
    this.tracker.lost(seq, seq)
  }

  private pump(): void {
    const first = this.seqs[0]
    if (this.exporting || first === undefined) return
    if (this.spans.length >= this.options.maxExportBatchSize || this.tracker.isAwaited(first)) {
      this.exportBatch()
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined
        if (!this.exporting) this.exportBatch()
      }, this.options.scheduledDelayMillis)
      // Waiting spans must not keep a finished app alive; flush()/shutdown() is how to be sure they are sent.
      this.timer.unref()
    }
  }

  private exportBatch(): void {
    this.clearTimer()
    const batch = this.spans.splice(0, this.options.maxExportBatchSize)
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
      this.record(batch.length, result)
      if (result.code !== ExportResultCode.SUCCESS) this.tracker.lost(first, last)
      this.exporting = false
      this.tracker.settled(last)
      // A microtask, not a direct call: a synchronous exporter would otherwise recurse once per batch.
      queueMicrotask(() => this.pump())
    }
    const timeout = setTimeout(() => {
      const error = new Error(
        `export did not finish within exportTimeoutMillis (${this.options.exportTimeoutMillis} ms)`,
      )
      settle({ code: ExportResultCode.FAILED, error })
    }, this.options.exportTimeoutMillis)
    timeout.unref()
    try {
      // Suppressed so that an HTTP auto-instrumentation in the app does not trace our own exports.
      context.with(suppressTracing(context.active()), () => {
        this.options.exporter.export(batch, settle)
      })
    } catch (error) {
      settle({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      })
    }
  }

  private record(count: number, result: ExportResult): void {
    const { stats, logger } = this.options
    if (result.code === ExportResultCode.SUCCESS) {
      stats.spansExported += count
      return
    }
    stats.spansFailed += count
    stats.exportFailures++
    logger.debug(`Lost a batch of ${count} span(s): ${result.error?.message ?? 'export failed'}`)
  }

  private clearTimer(): void {
    if (this.timer === undefined) return
    clearTimeout(this.timer)
    this.timer = undefined
  }
}
