import { type ExportResult, ExportResultCode } from '@opentelemetry/core'
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { BatchQueue, type BatchQueueSettings } from './batch-queue.js'

export interface ExportQueueOptions extends BatchQueueSettings {
  exporter: SpanExporter
}

/**
 * The spans' {@link BatchQueue} as a span processor, in front of a span
 * exporter: what `init()` puts in place of OpenTelemetry's BatchSpanProcessor.
 */
export class ExportQueue extends BatchQueue<ReadableSpan> implements SpanProcessor {
  private readonly exporter: SpanExporter

  constructor(options: ExportQueueOptions) {
    super(options, {
      afterShutdown: 'A span ended after shutdown() and was dropped; end calls before shutting down.',
      full:
        `The span queue is full (maxQueueSize ${options.maxQueueSize}): new spans are dropped until it drains. ` +
        'The collector is slow or unreachable, or the app records spans faster than they are sent; ' +
        'check getStats() and consider a larger maxQueueSize.',
      target: 'exporter',
    })
    this.exporter = options.exporter
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    this.add(span)
  }

  forceFlush(): Promise<void> {
    return this.flush().then(() => undefined)
  }

  shutdown(): Promise<void> {
    return this.close().then(() => undefined)
  }

  protected send(batch: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exporter.export(batch, done)
  }

  protected counted(count: number, result: ExportResult): void {
    const { stats, logger } = this.settings
    if (result.code === ExportResultCode.SUCCESS) {
      stats.spansExported += count
      return
    }
    stats.spansFailed += count
    stats.exportFailures++
    logger.debug(`Lost a batch of ${count} span(s): ${result.error?.message ?? 'export failed'}`)
  }

  protected countDropped(): void {
    this.settings.stats.spansDropped++
  }

  protected shutdownDestination(): Promise<void> {
    return this.exporter.shutdown()
  }
}
