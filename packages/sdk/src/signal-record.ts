import {
  EVENT_VIGIL_SIGNAL_CORRECTION,
  EVENT_VIGIL_SIGNAL_ESCALATION,
  EVENT_VIGIL_SIGNAL_FEEDBACK,
  EVENT_VIGIL_SIGNAL_OUTCOME,
  EVENT_VIGIL_SIGNAL_SCORE,
} from './attributes.js'

/**
 * The kinds of human-oversight signal: a person corrected an output, a user
 * reacted to it, something scored it, the case went to a person, the business
 * saw a result.
 *
 * @example
 * ```ts
 * const kind: SignalKind = 'feedback'
 * ```
 */
export type SignalKind = 'correction' | 'feedback' | 'score' | 'escalation' | 'outcome'

export const SIGNAL_EVENT_NAMES: Readonly<Record<SignalKind, string>> = {
  correction: EVENT_VIGIL_SIGNAL_CORRECTION,
  feedback: EVENT_VIGIL_SIGNAL_FEEDBACK,
  score: EVENT_VIGIL_SIGNAL_SCORE,
  escalation: EVENT_VIGIL_SIGNAL_ESCALATION,
  outcome: EVENT_VIGIL_SIGNAL_OUTCOME,
}

/**
 * One signal as the SDK sends it: an OpenTelemetry log record named
 * `vigil.signal.<kind>` (see `attributes.ts`), validated, with its ids and
 * idempotency key resolved and its free texts redacted. What a
 * {@link SignalSink} receives.
 *
 * @example
 * ```ts
 * const record: SignalRecord = {
 *   kind: 'feedback',
 *   eventName: 'vigil.signal.feedback',
 *   timeMs: Date.now(),
 *   traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
 *   spanId: '00f067aa0ba902b7',
 *   attributes: { 'vigil.signal.key': '3f0c…', 'vigil.feedback.thumb': 'up' },
 * }
 * ```
 */
export interface SignalRecord {
  kind: SignalKind
  eventName: string
  /** When it happened, milliseconds since the epoch. */
  timeMs: number
  /** Lowercase hex; undefined when the signal names its calls otherwise. */
  traceId: string | undefined
  spanId: string | undefined
  /** `vigil.*` attributes; `vigil.signal.key` is always set. */
  attributes: Record<string, string | number>
}

/**
 * Where recorded signals go, batched: the collector (`/v1/logs`) by default,
 * or an {@link InMemorySignalSink} in tests. `export` resolves true once the
 * records are delivered, false if they are lost; it should not reject (a
 * rejection counts as a loss).
 *
 * @example
 * ```ts
 * const sink: SignalSink = { export: async (records) => { console.log(records); return true } }
 * init({ signalSink: sink })
 * ```
 */
export interface SignalSink {
  export(records: readonly SignalRecord[]): Promise<boolean>
  /** Called once by `shutdown()` (or a later `init()`), after the last export. */
  shutdown?(): Promise<void>
}
