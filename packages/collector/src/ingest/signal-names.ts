import { type SignalKind, signalKinds } from './signal-row.js'

/**
 * How a signal travels as OpenTelemetry data (the SDK's `attributes.ts` has
 * the same table): a log record, or an event on the span it is about, named
 * `vigil.signal.<kind>`, whose trace and span ids are the call's. The record's
 * (or event's) time is the signal's time. Attributes:
 *
 * | attribute                        | kinds       | meaning                                      |
 * |----------------------------------|-------------|----------------------------------------------|
 * | `vigil.signal.key`               | all         | idempotency key; else a hash of the content  |
 * | `vigil.signal.author`            | all         | who or what produced it                      |
 * | `vigil.subject_id`               | all         | the app's id of what the calls were about    |
 * | `vigil.use_case`                 | all         | narrows trace and subject matches to a use case |
 * | `vigil.correction.change_ratio`  | correction  | 0…1, share of the output changed (required)  |
 * | `vigil.correction.text`          | correction  | the corrected text, redacted                 |
 * | `vigil.feedback.thumb`           | feedback    | `up` or `down`                               |
 * | `vigil.feedback.rating`          | feedback    | 1…5 (one of thumb or rating is required)     |
 * | `vigil.feedback.comment`         | feedback    | free text, redacted                          |
 * | `vigil.score.name` / `.value`    | score       | required                                     |
 * | `vigil.score.source`             | score       | `human` (default), `rule`, `model`           |
 * | `vigil.escalation.reason`        | escalation  | why it went to a person                      |
 * | `vigil.outcome.name` / `.value`  | outcome     | name required; value 1 when absent           |
 */
export const SIGNAL_EVENT_PREFIX = 'vigil.signal.'

export const signalAttributes = {
  key: 'vigil.signal.key',
  author: 'vigil.signal.author',
  subjectId: 'vigil.subject_id',
  useCase: 'vigil.use_case',
  changeRatio: 'vigil.correction.change_ratio',
  correctedText: 'vigil.correction.text',
  thumb: 'vigil.feedback.thumb',
  rating: 'vigil.feedback.rating',
  comment: 'vigil.feedback.comment',
  scoreName: 'vigil.score.name',
  scoreValue: 'vigil.score.value',
  scoreSource: 'vigil.score.source',
  reason: 'vigil.escalation.reason',
  outcomeName: 'vigil.outcome.name',
  outcomeValue: 'vigil.outcome.value',
} as const

/** Whether a log record or span event is a signal (of a known kind or not). */
export function isSignalEvent(eventName: string): boolean {
  return eventName.startsWith(SIGNAL_EVENT_PREFIX)
}

/** The kind a signal event names; undefined for a kind Vigil does not know. */
export function signalKindOf(eventName: string): SignalKind | undefined {
  const kind = eventName.slice(SIGNAL_EVENT_PREFIX.length)
  return (signalKinds as readonly string[]).includes(kind) ? (kind as SignalKind) : undefined
}
