import type { LlmCall } from './llm-call.js'
import type { LogRow } from './log-row.js'
import type { SignalRow } from './signal-row.js'
import type { SpanRow } from './span-row.js'

/** The rows one OTLP request produced, written together and acknowledged together. */
export interface TelemetryBatch {
  calls: LlmCall[]
  spans: SpanRow[]
  logs: LogRow[]
  /** Human-oversight signals (log records and span events named `vigil.signal.*`, and the signals API). */
  signals?: SignalRow[]
}

/**
 * Where ingest hands its rows. `write` resolves only when every row of the
 * batch is durably stored; it rejects with a VigilError (503 + Retry-After)
 * when the writer is overloaded or storage is failing, so clients retry.
 * Rows already stored (a client re-sending after a lost acknowledgement) are
 * skipped, so no metric counts them twice.
 */
export interface TelemetryWriter {
  write(batch: TelemetryBatch, bytes: number): Promise<void>
  /**
   * Optional: calls `listener` after each batch a table has stored, for
   * self-monitoring (batch-size and latency histograms). Returns the
   * function that removes it.
   */
  onInsert?(listener: InsertListener): () => void
}

/**
 * One stored batch: its table, the rows inserted (duplicates dropped before
 * the insert excluded) and the milliseconds the write took, duplicate lookup
 * included. Runs on the writer's path, so it must be cheap and must not throw.
 */
export type InsertListener = (table: string, rows: number, ms: number) => void
