import { type Judgement, judge, type MeasuredValue } from './alert-judgement.js'
import { errorMessage } from './alert-message.js'
import type { AlertRule } from './alert-rule.js'
import type { Forecast } from './budget.js'
import { parseDuration } from './duration.js'
import type { AlertNotification, AlertState, Severity } from './notification.js'
import { owedNotifications } from './owed-notifications.js'
import { stableId } from './stable-id.js'

/**
 * A rule's state over time, as a pure function of its previous record, the
 * present measurement and the clock: `ok → pending → firing → resolved → ok`,
 * plus `no_data` and `error`. It returns the next record, the transition to
 * store (if any) and the notifications owed now (owed-notifications.ts); the
 * evaluator reports back what the notifier did with each (`acknowledge`),
 * since a silenced firing notification is still owed and is sent when the
 * silence ends.
 *
 * `no_data` and `error` interrupt without ending anything: a firing episode
 * survives them (a failed query is never "resolved"), and the next judgeable
 * evaluation continues from it. After an error everything continues, a
 * pending breach included (one failed query should not restart a long
 * `for`); after no data a pending breach starts over, since nothing shows it
 * lasted.
 *
 * Ids are derived, not random: a transition's id hashes the project, the rule,
 * the stored record it departs from (its `evaluatedAt`) and where it goes. An
 * evaluator that crashed after notifying but before storing the new record
 * departs from the same record again and sends the same keys, so receivers
 * deduplicate the second delivery.
 */

export interface FiringEpisode {
  /** When the rule started firing. */
  since: string
  /** The transition the firing notification is about: into firing, or the latest severity change. */
  eventId: string
  severity: 'critical' | 'warning'
  threshold: number
  /** The firing notification of `eventId` was delivered; false while it is owed (e.g. silenced). */
  notified: boolean
  /** Some firing notification of this episode was delivered: only then is its end announced. */
  announced: boolean
  /** The last firing or repeat notification delivered: repeats count from it. */
  lastNotifiedAt?: string | undefined
  /** The last time the notifier answered `silenced`, for "why was nobody told". */
  silencedAt?: string | undefined
}

/** What an error interrupted: the next successful evaluation continues from it. */
export interface InterruptedState {
  state: Exclude<AlertState, 'error'>
  since: string
  severity: Severity
}

/** A rule's current state as stored in `alert_states`. */
export interface AlertStateRecord {
  state: AlertState
  severity: Severity
  /** When `state` began. */
  since: string
  value: number | null
  calls: number
  /** The threshold judged against (the breached one while breaching); null without a judgement. */
  threshold: number | null
  message: string
  evaluatedAt: string
  /** From firing until resolved, through `no_data` and `error`. */
  episode?: FiringEpisode | undefined
  /** Set while in `error`. */
  interrupted?: InterruptedState | undefined
  forecast?: Forecast | undefined
  error?: string | undefined
}

export type EvaluationOutcome = MeasuredValue | { error: string }

/** One row of `alert_events`. */
export interface AlertTransition {
  id: string
  projectId: string
  ruleId: string
  ruleName: string
  at: string
  from: AlertState
  to: AlertState
  severity: Severity
  value: number | null
  threshold: number | null
  calls: number
  message: string
  /** What the rule was when it judged (it may change later), the forecast, the error. */
  detail: Record<string, unknown>
}

export interface AlertStep {
  record: AlertStateRecord
  transition: AlertTransition | undefined
  notifications: AlertNotification[]
}

export interface AlertStepInput {
  projectId: string
  rule: AlertRule
  previous: AlertStateRecord | undefined
  outcome: EvaluationOutcome
  now: Date
}

export function advanceAlert(input: AlertStepInput): AlertStep {
  const { projectId, rule, previous, outcome, now } = input
  const at = now.toISOString()
  const from: AlertState = previous?.state ?? 'ok'
  const departure = previous?.evaluatedAt ?? 'initial'
  const idOf = (to: AlertState, severity: Severity) => stableId(projectId, rule.id, departure, to, severity)

  let record: AlertStateRecord
  let ended: FiringEpisode | undefined
  if ('error' in outcome) {
    record = failed(previous, outcome.error, at)
  } else {
    ;({ record, ended } = judged(previous, rule, outcome, judge(rule, outcome), now, idOf))
  }

  const severityChanged =
    from === 'firing' && record.state === 'firing' && record.severity !== previous?.severity
  const transition: AlertTransition | undefined =
    record.state === from && !severityChanged
      ? undefined
      : {
          id: idOf(record.state, record.severity),
          projectId,
          ruleId: rule.id,
          ruleName: rule.name,
          at,
          from,
          to: record.state,
          severity: record.severity,
          value: record.value,
          threshold: record.threshold,
          calls: record.calls,
          message: record.message,
          detail: {
            metric: rule.metric,
            comparison: rule.comparison,
            window: rule.budget ? undefined : rule.window,
            budget: rule.budget,
            filters: rule.filters,
            firingSince: (record.episode ?? ended)?.since,
            forecast: record.forecast,
            error: record.error,
          },
        }

  const notifications = owedNotifications({ projectId, rule, record, transition, ended, now })
  return { record, transition, notifications }
}

function failed(previous: AlertStateRecord | undefined, error: string, at: string): AlertStateRecord {
  const common = {
    value: null,
    calls: 0,
    threshold: null,
    message: errorMessage(error),
    evaluatedAt: at,
    error,
  }
  if (previous?.state === 'error') return { ...previous, ...common }
  return {
    state: 'error',
    severity: 'none',
    since: at,
    ...common,
    episode: previous?.episode,
    interrupted: previous && interruptedOf(previous),
  }
}

const interruptedOf = (record: AlertStateRecord): InterruptedState => ({
  state: record.state as InterruptedState['state'],
  since: record.since,
  severity: record.severity,
})

function judged(
  previous: AlertStateRecord | undefined,
  rule: AlertRule,
  measured: MeasuredValue,
  judgement: Judgement,
  now: Date,
  idOf: (to: AlertState, severity: Severity) => string,
): { record: AlertStateRecord; ended?: FiringEpisode } {
  const at = now.toISOString()
  // Where to continue from: the state itself, or the one an error interrupted.
  const base: InterruptedState | undefined =
    previous?.state === 'error' ? previous.interrupted : previous && interruptedOf(previous)
  const episode = previous?.episode
  const common = {
    value: measured.value,
    calls: measured.calls,
    message: judgement.message,
    evaluatedAt: at,
    forecast: measured.forecast,
  }
  const make = (
    state: AlertState,
    since: string,
    severity: Severity,
    threshold: number | null,
    firing?: FiringEpisode,
  ): AlertStateRecord => ({ state, severity, since, threshold, ...common, episode: firing })

  if (judgement.kind === 'keep') {
    if (!base) return { record: make('no_data', at, 'none', null) }
    return { record: make(base.state, base.since, base.severity, previous?.threshold ?? null, episode) }
  }
  if (judgement.kind === 'no_data') {
    return { record: make('no_data', base?.state === 'no_data' ? base.since : at, 'none', null, episode) }
  }

  const { severity, threshold } = judgement
  const forMs = parseDuration(rule.for) ?? 0
  let state = base?.state ?? 'ok'
  let since = base?.since ?? at
  // After no data, only a firing episode carries on; a pending breach starts over.
  if (state === 'no_data' || (state === 'firing' && !episode)) {
    state = episode ? 'firing' : 'ok'
    since = episode ? episode.since : at
  }
  const startFiring = (fired: FiringEpisode['severity']): AlertStateRecord =>
    make('firing', at, fired, threshold, {
      since: at,
      eventId: idOf('firing', fired),
      severity: fired,
      threshold,
      notified: false,
      announced: false,
    })

  if (state === 'firing' && episode) {
    if (severity === 'none')
      return { record: make('resolved', at, 'none', episode.threshold), ended: episode }
    const next =
      severity === episode.severity
        ? episode
        : { ...episode, severity, threshold, eventId: idOf('firing', severity), notified: false }
    return { record: make('firing', episode.since, severity, threshold, next) }
  }
  if (state === 'pending') {
    if (severity === 'none') return { record: make('ok', at, 'none', threshold) }
    if (now.getTime() - Date.parse(since) >= forMs) return { record: startFiring(severity) }
    return { record: make('pending', since, severity, threshold) }
  }
  // ok or resolved
  if (severity === 'none') return { record: make('ok', state === 'ok' ? since : at, 'none', threshold) }
  if (forMs === 0) return { record: startFiring(severity) }
  return { record: make('pending', at, severity, threshold) }
}
