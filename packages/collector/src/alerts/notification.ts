import type { AlertRule } from './alert-rule.js'

/**
 * What the evaluator hands to notification channels, and the seam between
 * the two: the evaluator decides *when* to notify (alert-evaluator.ts), the
 * dispatcher *how* (silences, channels, retries: notification-dispatcher.ts).
 */

/** The states of a rule (see alert-state-machine.ts). */
export const alertStates = ['ok', 'pending', 'firing', 'resolved', 'no_data', 'error'] as const
export type AlertState = (typeof alertStates)[number]

/** `critical`: the threshold is breached; `warning`: only the warning threshold; `none` otherwise. */
export type Severity = 'critical' | 'warning' | 'none'

/**
 * `firing`: the rule started firing (or its severity changed); `repeat`: still
 * firing after `repeatInterval`; `resolved`: it stopped; `error`: the rule
 * could not be evaluated (its query failed), so nobody mistakes silence for health.
 */
export type NotificationKind = 'firing' | 'repeat' | 'resolved' | 'error'

export interface AlertNotification {
  /**
   * Stable for one transition (or one repeat): a receiver that sees the same key
   * twice (a retried delivery) must act once. Sent as `Idempotency-Key`.
   */
  idempotencyKey: string
  /** The `alert_events` row this notification is about (repeats name the transition they repeat). */
  eventId: string
  kind: NotificationKind
  projectId: string
  rule: Pick<
    AlertRule,
    | 'id'
    | 'name'
    | 'description'
    | 'metric'
    | 'filters'
    | 'comparison'
    | 'threshold'
    | 'warningThreshold'
    | 'window'
    | 'labels'
    | 'channels'
    | 'budget'
  >
  state: AlertState
  severity: Severity
  /** The measured value at this evaluation (null: none, e.g. no calls). */
  value: number | null
  /** The threshold that was breached (or, on resolve, the one that had been). */
  threshold: number
  calls: number
  /** When the rule started firing (firing, repeat, resolved). */
  firingSince?: string
  /** Evaluation time. */
  at: string
  /** One line a person can read: "p95 latency 2,340 ms > 2,000 ms over 15m (use case support)". */
  message: string
  /** Budgets: the forecast end-of-period spend and when the period ends. */
  forecast?: { value: number; periodEnd: string }
}

/** Where the evaluator sends notifications. */
export interface Notifier {
  /**
   * Queues delivery to the rule's channels and answers at once (delivery and
   * its retries run in the background, recorded in `alert_deliveries`).
   * `silenced` when a silence covers the rule now: nothing is sent (the
   * evaluator then sends `firing` once the silence is over, if still firing).
   * Never rejects.
   */
  notify(notification: AlertNotification): Promise<'queued' | 'silenced'>
}
