/**
 * The kinds of human-oversight signal: what people and the business say about
 * model calls after the fact (issue 4).
 *
 * - `correction`: a person changed the model's output; `value` is the share of
 *   the text changed (0 unchanged … 1 rewritten).
 * - `feedback`: an end user's reaction; `name` is `thumb` (value 1 up, 0 down)
 *   or `rating` (value 1…5).
 * - `score`: a named quality measure (`name`, `value`) from a `source`:
 *   `human`, `rule` or `model`.
 * - `escalation`: the case was handed to a person, for `reason`.
 * - `outcome`: a business result (`name`, e.g. `ticket_resolved`) and its `value`.
 */
export const signalKinds = ['correction', 'feedback', 'score', 'escalation', 'outcome'] as const
export type SignalKind = (typeof signalKinds)[number]

export const scoreSources = ['human', 'rule', 'model'] as const
export type ScoreSource = (typeof scoreSources)[number]

/** How feedback is given: a thumb (1 up, 0 down) or a 1–5 rating; stored as the signal's `name`. */
export const FEEDBACK_THUMB = 'thumb'
export const FEEDBACK_RATING = 'rating'

/** Where a signal came in: an OTLP log record, an event on a span, or `POST /api/v1/signals`. */
export type SignalVia = 'log_record' | 'span_event' | 'http'

/**
 * One row of the `signals` table. A signal is about the call(s) named by
 * `span_id`, else `trace_id`, else `subject_id` (see storage/signal-links.ts);
 * `idempotency_key` makes a re-sent signal the same signal.
 */
export interface SignalRow {
  project_id: string
  /** When it happened, decimal nanoseconds since the epoch. */
  time: string
  kind: SignalKind
  idempotency_key: string
  trace_id: string
  span_id: string
  subject_id: string
  use_case: string
  /** Score or outcome name; `thumb` or `rating` for feedback; '' otherwise. */
  name: string
  /** Correction size, feedback value, score, outcome value; null for an escalation. */
  value: number | null
  /** Score source (`human`, `rule`, `model`); '' for other kinds. */
  source: string
  /** Who or what produced it: an agent's id, a reviewer, `zendesk`… */
  author: string
  reason: string
  comment: string
  /** The corrected text, redacted by the sender; only when it captures content. */
  corrected_text: string
  via: SignalVia
  service_name: string
  attributes: Record<string, string>
}
