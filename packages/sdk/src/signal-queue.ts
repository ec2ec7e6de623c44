import { type ExportResult, ExportResultCode } from '@opentelemetry/core'
import { BatchQueue, type BatchQueueSettings } from './exporter/batch-queue.js'
import { describeError } from './logger.js'
import type { SignalRecord, SignalSink } from './signal-record.js'

export interface SignalQueueOptions extends BatchQueueSettings {
  sink: SignalSink
}

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS }
const FAILED: ExportResult = { code: ExportResultCode.FAILED }

/**
 * The signals' {@link BatchQueue}, beside the spans' ExportQueue and with its
 * settings, in front of a {@link SignalSink}: `flush()` says whether every
 * signal recorded before it was delivered (the same accounting as spans).
 */
export class SignalQueue extends BatchQueue<SignalRecord> {
  private readonly sink: SignalSink

  constructor(options: SignalQueueOptions) {
    super(options, {
      afterShutdown: 'A signal was recorded after shutdown() and dropped.',
      full:
        `The signal queue is full (maxQueueSize ${options.maxQueueSize}): new signals are dropped until it drains. ` +
        'The collector is slow or unreachable; check getStats().',
      target: 'signal sink',
    })
    this.sink = options.sink
  }

  protected send(batch: SignalRecord[], done: (result: ExportResult) => void): void {
    const lost = (error: unknown): void => {
      this.settings.logger.debug(`Lost a batch of ${batch.length} signal(s): ${describeError(error)}`)
      done(FAILED)
    }
    let sending: Promise<boolean>
    try {
      sending = Promise.resolve(this.sink.export(batch))
    } catch (error) {
      lost(error)
      return
    }
    sending.then((ok) => done(ok === true ? SUCCESS : FAILED), lost)
  }

  protected counted(count: number, result: ExportResult): void {
    const { stats } = this.settings
    if (result.code === ExportResultCode.SUCCESS) stats.signalsExported += count
    else stats.signalsFailed += count
  }

  protected countDropped(): void {
    this.settings.stats.signalsDropped++
  }

  protected async shutdownDestination(): Promise<void> {
    await this.sink.shutdown?.()
  }
}
