import { randomUUID } from 'node:crypto'
import {
  ATTR_VIGIL_CORRECTION_CHANGE_RATIO,
  ATTR_VIGIL_CORRECTION_TEXT,
  ATTR_VIGIL_ESCALATION_REASON,
  ATTR_VIGIL_FEEDBACK_COMMENT,
  ATTR_VIGIL_FEEDBACK_RATING,
  ATTR_VIGIL_FEEDBACK_THUMB,
  ATTR_VIGIL_OUTCOME_NAME,
  ATTR_VIGIL_OUTCOME_VALUE,
  ATTR_VIGIL_SCORE_NAME,
  ATTR_VIGIL_SCORE_SOURCE,
  ATTR_VIGIL_SCORE_VALUE,
  ATTR_VIGIL_SIGNAL_AUTHOR,
  ATTR_VIGIL_SIGNAL_KEY,
  ATTR_VIGIL_SUBJECT_ID,
  ATTR_VIGIL_USE_CASE,
} from './attributes.js'
import { changeRatio } from './change-ratio.js'
import type { ContentCapture } from './content-capture.js'
import type { CallContext, CallIds } from './context.js'
import { SIGNAL_EVENT_NAMES, type SignalKind, type SignalRecord } from './signal-record.js'

/** What a signal takes from where it is recorded, when its input does not say. */
export interface SignalSurroundings {
  /** The call in progress (`getCurrentCallIds()`), if any. */
  callIds: CallIds | undefined
  /** The `withContext` values in force. */
  context: CallContext
  content: ContentCapture
  now: number
}

type Attributes = SignalRecord['attributes']

const MAX_ID = 256
const MAX_REASON = 1024
// What DateTime64(9) holds as nanoseconds: 2001-09-09 … 2262-04-11 (the collector refuses the rest).
const EARLIEST_MS = 1_000_000_000_000
const LATEST_MS = 9_223_372_036_854
const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/i
const SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/i
const SOURCES = ['human', 'rule', 'model']

/**
 * The record of one signal, or what is wrong with the input (a sentence for
 * the log). Validates like the collector does, so that nothing the app
 * records is refused later where the app cannot see it.
 */
export function buildSignalRecord(
  kind: SignalKind,
  input: unknown,
  around: SignalSurroundings,
): SignalRecord | string {
  if (typeof input !== 'object' || input === null) return 'expected an object'
  const given = input as Record<string, unknown>
  const problem = (field: string, expected: string) => `${field} must be ${expected}`

  const traceId = optional(given.traceId)
  const spanId = optional(given.spanId)
  if (traceId !== undefined && (typeof traceId !== 'string' || !TRACE_ID.test(traceId)))
    return problem('traceId', '32 hex digits (not all zero)')
  if (spanId !== undefined && (typeof spanId !== 'string' || !SPAN_ID.test(spanId)))
    return problem('spanId', '16 hex digits (not all zero)')
  const ids = traceId === undefined && spanId === undefined ? around.callIds : { traceId, spanId }

  const attributes: Attributes = {}
  for (const [field, attribute, fallback] of [
    ['subjectId', ATTR_VIGIL_SUBJECT_ID, around.context.subjectId],
    ['useCase', ATTR_VIGIL_USE_CASE, around.context.useCase],
    ['author', ATTR_VIGIL_SIGNAL_AUTHOR, undefined],
    ['idempotencyKey', ATTR_VIGIL_SIGNAL_KEY, undefined],
  ] as const) {
    const value = optional(given[field]) ?? fallback
    if (value === undefined) continue
    if (!isText(value, MAX_ID)) return problem(field, `a non-empty string of at most ${MAX_ID} characters`)
    attributes[attribute] = value
  }
  attributes[ATTR_VIGIL_SIGNAL_KEY] ??= randomUUID()
  if (
    ids?.traceId === undefined &&
    ids?.spanId === undefined &&
    attributes[ATTR_VIGIL_SUBJECT_ID] === undefined
  )
    return 'it names no call: give spanId/traceId (getCurrentCallIds(), getCallIds(result)) or subjectId'

  const time = optional(given.time) ?? around.now
  const timeMs = time instanceof Date ? time.getTime() : time
  if (typeof timeMs !== 'number' || !(timeMs >= EARLIEST_MS && timeMs <= LATEST_MS))
    return problem('time', 'a Date or epoch milliseconds between 2001 and 2262')

  const fields = kindAttributes(kind, given, around.content)
  if (typeof fields === 'string') return fields
  return {
    kind,
    eventName: SIGNAL_EVENT_NAMES[kind],
    timeMs,
    traceId: ids?.traceId?.toLowerCase(),
    spanId: ids?.spanId?.toLowerCase(),
    attributes: { ...attributes, ...fields },
  }
}

function kindAttributes(
  kind: SignalKind,
  given: Record<string, unknown>,
  content: ContentCapture,
): Attributes | string {
  switch (kind) {
    case 'correction': {
      const { original, corrected } = given
      let ratio = optional(given.changeRatio)
      if (ratio === undefined) {
        if (typeof original !== 'string' || typeof corrected !== 'string')
          return 'a correction needs changeRatio (0 to 1), or original and corrected texts to compute it'
        ratio = changeRatio(original, corrected)
      }
      if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1))
        return 'changeRatio must be a number from 0 to 1'
      const out: Attributes = { [ATTR_VIGIL_CORRECTION_CHANGE_RATIO]: ratio }
      // The corrected text is content: kept only where prompts and completions are.
      if (content.enabled && typeof corrected === 'string')
        out[ATTR_VIGIL_CORRECTION_TEXT] = content.text(corrected)
      return out
    }
    case 'feedback': {
      const thumb = optional(given.thumb)
      const rating = optional(given.rating)
      const comment = optional(given.comment)
      if ((thumb === undefined) === (rating === undefined)) return 'feedback needs either thumb or rating'
      if (thumb !== undefined && thumb !== 'up' && thumb !== 'down') return "thumb must be 'up' or 'down'"
      if (
        rating !== undefined &&
        !(Number.isInteger(rating) && (rating as number) >= 1 && (rating as number) <= 5)
      )
        return 'rating must be an integer from 1 to 5'
      if (comment !== undefined && typeof comment !== 'string') return 'comment must be a string'
      const out: Attributes =
        thumb !== undefined
          ? { [ATTR_VIGIL_FEEDBACK_THUMB]: thumb }
          : { [ATTR_VIGIL_FEEDBACK_RATING]: rating as number }
      if (comment) out[ATTR_VIGIL_FEEDBACK_COMMENT] = content.text(comment)
      return out
    }
    case 'score': {
      const source = optional(given.source) ?? 'human'
      if (!isText(given.name, MAX_ID))
        return `name must be a non-empty string of at most ${MAX_ID} characters`
      if (!isFiniteNumber(given.value)) return 'value must be a finite number'
      if (typeof source !== 'string' || !SOURCES.includes(source))
        return `source must be one of ${SOURCES.join(', ')}`
      return {
        [ATTR_VIGIL_SCORE_NAME]: given.name,
        [ATTR_VIGIL_SCORE_VALUE]: given.value,
        [ATTR_VIGIL_SCORE_SOURCE]: source,
      }
    }
    case 'escalation':
      if (!isText(given.reason, MAX_REASON))
        return `reason must be a non-empty string of at most ${MAX_REASON} characters`
      return { [ATTR_VIGIL_ESCALATION_REASON]: content.text(given.reason) }
    case 'outcome': {
      const value = optional(given.value) ?? 1
      if (!isText(given.name, MAX_ID))
        return `name must be a non-empty string of at most ${MAX_ID} characters`
      if (!isFiniteNumber(value)) return 'value must be a finite number'
      return { [ATTR_VIGIL_OUTCOME_NAME]: given.name, [ATTR_VIGIL_OUTCOME_VALUE]: value }
    }
  }
}

/** null counts as absent, as JavaScript callers often spell it. */
function optional(value: unknown): unknown {
  return value === null ? undefined : value
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}
