import type { SignalRecord, SignalSink } from './signal-record.js'

/**
 * Keeps signals in memory instead of sending them: for tests of code that
 * records feedback, corrections and the like, via `init({ signalSink })`.
 * Like {@link InMemorySpanExporter}, it keeps what it holds after `shutdown()`.
 *
 * @example
 * ```ts
 * const signals = new InMemorySignalSink()
 * init({ exporter: new InMemorySpanExporter(), signalSink: signals })
 * recordFeedback({ subjectId: 'ticket-1', thumb: 'up' })
 * await flush()
 * expect(signals.getRecords()[0]?.attributes['vigil.feedback.thumb']).toBe('up')
 * ```
 */
export class InMemorySignalSink implements SignalSink {
  private readonly records: SignalRecord[] = []
  private stopped = false

  async export(records: readonly SignalRecord[]): Promise<boolean> {
    if (this.stopped) return false
    this.records.push(...records)
    return true
  }

  async shutdown(): Promise<void> {
    this.stopped = true
  }

  /** Every signal received so far, oldest first. */
  getRecords(): SignalRecord[] {
    return [...this.records]
  }

  /** Forgets what it holds. */
  reset(): void {
    this.records.length = 0
  }
}
