/**
 * Counters describing what happened to the spans the SDK recorded since
 * `init()`. Every span ends up in exactly one of: sampled out, dropped,
 * failed, exported (or still queued / in flight). Signals likewise: invalid,
 * or recorded and then dropped, failed or exported.
 *
 * @example
 * ```ts
 * const { spansDropped, exportFailures } = getStats()
 * if (spansDropped > 0) console.warn(`vigil dropped ${spansDropped} spans`)
 * ```
 */
export interface VigilStats {
  /** Spans Vigil started: model calls, fallback chains and attempts (attached: also other GenAI spans it took in). */
  readonly spansStarted: number
  /** Successful spans discarded by `sampleRate` (errors are always kept). */
  readonly spansSampledOut: number
  /** Spans in batches the collector acknowledged with a 2xx. */
  readonly spansExported: number
  /** Of the exported spans, those the collector reported as rejected (OTLP partial success). */
  readonly spansRejected: number
  /** Spans discarded because the queue was full (`maxQueueSize`) or the SDK was shut down. */
  readonly spansDropped: number
  /** Spans in batches that failed to export, after retries. */
  readonly spansFailed: number
  /** Batches that failed to export, after retries. */
  readonly exportFailures: number
  /** HTTP attempts repeated because the collector was busy or unreachable. */
  readonly exportRetries: number
  /** Spans waiting in the queue right now. */
  readonly queueLength: number
  /** Signals (`recordFeedback()`…) accepted and queued for sending, or dropped below. */
  readonly signalsRecorded: number
  /** Signals refused for bad input (not counted in signalsRecorded); the logger says why. */
  readonly signalsInvalid: number
  /** Signals in batches the collector acknowledged. */
  readonly signalsExported: number
  /** Signals discarded because their queue was full or the SDK was shut down. */
  readonly signalsDropped: number
  /** Signals in batches that failed to export, after retries. */
  readonly signalsFailed: number
}

/** Counters an exporter can contribute to {@link VigilStats}. */
export interface ExporterCounters {
  exportRetries: number
  spansRejected: number
}

/** Mutable counters owned by one `init()`; read through {@link StatsCounters.snapshot}. */
export class StatsCounters {
  spansStarted = 0
  spansSampledOut = 0
  spansExported = 0
  spansDropped = 0
  spansFailed = 0
  exportFailures = 0
  signalsRecorded = 0
  signalsInvalid = 0
  signalsExported = 0
  signalsDropped = 0
  signalsFailed = 0

  snapshot(queueLength: number, exporter: ExporterCounters | undefined): VigilStats {
    return {
      spansStarted: this.spansStarted,
      spansSampledOut: this.spansSampledOut,
      spansExported: this.spansExported,
      spansRejected: exporter?.spansRejected ?? 0,
      spansDropped: this.spansDropped,
      spansFailed: this.spansFailed,
      exportFailures: this.exportFailures,
      exportRetries: exporter?.exportRetries ?? 0,
      queueLength,
      signalsRecorded: this.signalsRecorded,
      signalsInvalid: this.signalsInvalid,
      signalsExported: this.signalsExported,
      signalsDropped: this.signalsDropped,
      signalsFailed: this.signalsFailed,
    }
  }
}

/** Stats before any `init()`. */
export const EMPTY_STATS: VigilStats = Object.freeze(new StatsCounters().snapshot(0, undefined))
