import { ATTR_VIGIL_SIGNAL_KEY } from './attributes.js'
import type { ContentCapture } from './content-capture.js'
import { getCallContext, getCurrentCallIds, vigilContext } from './context.js'
import type { VigilLogger } from './logger.js'
import { buildSignalRecord } from './signal-builder.js'
import type { SignalQueue } from './signal-queue.js'
import type { SignalKind } from './signal-record.js'
import type { StatsCounters } from './stats.js'

const FUNCTION_OF: Record<SignalKind, string> = {
  correction: 'recordCorrection',
  feedback: 'recordFeedback',
  score: 'recordScore',
  escalation: 'recordEscalation',
  outcome: 'recordOutcome',
}
const MAX_REPORTED = 100

/**
 * The `record…()` functions of one `init()`: validates the input, completes
 * it from where it is recorded (the call in progress, the `withContext`
 * values), and queues it. Bad input is dropped, counted in
 * `signalsInvalid` and logged (each problem once at warn level): recording
 * feedback must never break the app that records it.
 */
export class SignalRecorder {
  private readonly reported = new Set<string>()

  constructor(
    private readonly queue: SignalQueue,
    private readonly stats: StatsCounters,
    private readonly content: ContentCapture,
    private readonly logger: VigilLogger,
  ) {}

  /** Returns the signal's idempotency key, or undefined when it was not recorded. */
  record(kind: SignalKind, input: unknown): string | undefined {
    const built = buildSignalRecord(kind, input, {
      callIds: getCurrentCallIds(),
      context: getCallContext(vigilContext()),
      content: this.content,
      now: Date.now(),
    })
    if (typeof built === 'string') {
      this.stats.signalsInvalid++
      this.report(`${FUNCTION_OF[kind]}() ignored this ${kind}: ${built}.`)
      return undefined
    }
    this.stats.signalsRecorded++
    if (!this.queue.add(built)) return undefined
    return String(built.attributes[ATTR_VIGIL_SIGNAL_KEY])
  }

  private report(message: string): void {
    if (this.reported.has(message) || this.reported.size >= MAX_REPORTED) {
      this.logger.debug(message)
      return
    }
    this.reported.add(message)
    this.logger.warn(`${message} Fix the call; repeats are logged at debug level.`)
  }
}
