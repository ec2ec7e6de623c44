import { activePipeline, sdkLogger } from './init.js'
import { describeError } from './logger.js'
import type { SignalKind } from './signal-record.js'

/**
 * What every signal may say about where it belongs. The call(s) it is about
 * are named by `spanId` (one call), `traceId` (the calls of a trace) or
 * `subjectId` (the calls made inside `withContext({ subjectId })`); `useCase`
 * narrows a trace or subject to one use case. Inside an `observe()` call (or a
 * wrapped client call) the current call's ids are used when none are given,
 * and the `withContext` subject and use case likewise.
 *
 * @example
 * ```ts
 * const target: SignalTarget = { subjectId: ticket.id, useCase: 'reply-draft', author: agent.id }
 * ```
 */
export interface SignalTarget {
  /** 32 hex digits, from `getCurrentCallIds()` or `getCallIds(result)`. */
  traceId?: string
  /** 16 hex digits, from `getCurrentCallIds()` or `getCallIds(result)`. */
  spanId?: string
  /** The app's id of what the calls were about (a ticket), as given to `withContext({ subjectId })`. */
  subjectId?: string
  useCase?: string
  /** Who or what produced the signal: an agent's id, a reviewer, a rule's name. */
  author?: string
  /**
   * Makes recording the same thing twice count once (e.g. `${ticket.id}:resolved`),
   * from this process or another. Default: a random id, so only a re-sent batch is deduplicated.
   */
  idempotencyKey?: string
  /** When it happened (a Date or epoch milliseconds); default now. */
  time?: Date | number
}

/**
 * A person changed the model's output. Give the change size as `changeRatio`
 * (0 nothing changed … 1 rewritten), or give `original` and `corrected` and
 * the SDK computes it (edit distance over length). The corrected text itself
 * is sent only with `init({ captureContent: true })`, redacted first.
 *
 * @example
 * ```ts
 * const correction: CorrectionSignal = { ...ids, original: draft, corrected: sentReply, author: agent.id }
 * ```
 */
export interface CorrectionSignal extends SignalTarget {
  original?: string
  corrected?: string
  changeRatio?: number
}

/**
 * An end user's reaction: a thumb or a 1–5 rating (one of the two), and an
 * optional comment, redacted like captured content before it is sent.
 *
 * @example
 * ```ts
 * const feedback: FeedbackSignal = { ...ids, thumb: 'down', comment: 'Wrong invoice number' }
 * ```
 */
export interface FeedbackSignal extends SignalTarget {
  thumb?: 'up' | 'down'
  /** An integer from 1 to 5. */
  rating?: number
  comment?: string
}

/**
 * A named quality measure (`accuracy`, `relevance`, `groundedness`…) and who
 * gave it: a person (default), a rule, or a model acting as judge.
 *
 * @example
 * ```ts
 * const score: ScoreSignal = { ...ids, name: 'relevance', value: 0.8, source: 'model' }
 * ```
 */
export interface ScoreSignal extends SignalTarget {
  name: string
  value: number
  source?: 'human' | 'rule' | 'model'
}

/**
 * The system or a person handed the case to a human, and why.
 *
 * @example
 * ```ts
 * const escalation: EscalationSignal = { subjectId: ticket.id, reason: 'low_confidence' }
 * ```
 */
export interface EscalationSignal extends SignalTarget {
  reason: string
}

/**
 * A business result the calls led to (`ticket_resolved`, `minutes_saved`,
 * `revenue`…) and its value (default 1, for results that are counted).
 *
 * @example
 * ```ts
 * const outcome: OutcomeSignal = { subjectId: ticket.id, name: 'minutes_saved', value: 12 }
 * ```
 */
export interface OutcomeSignal extends SignalTarget {
  name: string
  value?: number
}

/**
 * Records that a person corrected a model's output (see {@link CorrectionSignal}).
 * Returns the signal's idempotency key, or undefined when it was not recorded:
 * invalid input is dropped, logged and counted in `getStats().signalsInvalid`,
 * never thrown. Sent with the spans' batching; `flush()` covers it.
 *
 * @example
 * ```ts
 * const { reply, ids } = await withContext({ subjectId: ticket.id }, async () => {
 *   const completion = await openai.chat.completions.create(request)
 *   return { reply: completion.choices[0].message.content, ids: getCallIds(completion) }
 * })
 * // later, when the agent sends an edited version:
 * recordCorrection({ ...ids, original: reply, corrected: sentText, author: agent.id })
 * ```
 */
export function recordCorrection(correction: CorrectionSignal): string | undefined {
  return record('correction', correction)
}

/**
 * Records an end user's thumb or rating (see {@link FeedbackSignal}). Returns
 * the idempotency key, or undefined when invalid (dropped and counted, never thrown).
 *
 * @example
 * ```ts
 * app.post('/answers/:id/feedback', (req) => {
 *   recordFeedback({ ...answers.get(req.params.id).ids, thumb: req.body.up ? 'up' : 'down', idempotencyKey: `${req.params.id}:${req.user.id}` })
 * })
 * ```
 */
export function recordFeedback(feedback: FeedbackSignal): string | undefined {
  return record('feedback', feedback)
}

/**
 * Records a quality score (see {@link ScoreSignal}). Returns the idempotency
 * key, or undefined when invalid (dropped and counted, never thrown).
 *
 * @example
 * ```ts
 * const answer = await observe(meta, async () => llm.answer(question))
 * recordScore({ ...getCallIds(answer), name: 'json_valid', value: isJson(answer.text) ? 1 : 0, source: 'rule' })
 * ```
 */
export function recordScore(score: ScoreSignal): string | undefined {
  return record('score', score)
}

/**
 * Records that a case went to a person (see {@link EscalationSignal}). Returns
 * the idempotency key, or undefined when invalid (dropped and counted, never thrown).
 *
 * @example
 * ```ts
 * if (triage.confidence < 0.5) recordEscalation({ subjectId: ticket.id, useCase: 'ticket-triage', reason: 'low_confidence' })
 * ```
 */
export function recordEscalation(escalation: EscalationSignal): string | undefined {
  return record('escalation', escalation)
}

/**
 * Records a business outcome (see {@link OutcomeSignal}). Returns the
 * idempotency key, or undefined when invalid (dropped and counted, never thrown).
 *
 * @example
 * ```ts
 * recordOutcome({ subjectId: ticket.id, name: 'ticket_resolved', idempotencyKey: `${ticket.id}:resolved` })
 * ```
 */
export function recordOutcome(outcome: OutcomeSignal): string | undefined {
  return record('outcome', outcome)
}

let warnedUninitialized = false

function record(kind: SignalKind, input: unknown): string | undefined {
  try {
    const pipeline = activePipeline()
    if (pipeline === undefined) {
      if (!warnedUninitialized) {
        warnedUninitialized = true
        sdkLogger().warn(`A ${kind} was recorded before init() (or after shutdown()) and is dropped.`)
      }
      return undefined
    }
    return pipeline.signals.record(kind, input)
  } catch (error) {
    sdkLogger().error(`Could not record a ${kind}: ${describeError(error)}`)
    return undefined
  }
}
