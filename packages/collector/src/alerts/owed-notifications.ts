import type { AlertRule } from './alert-rule.js'
import type { AlertStateRecord, AlertTransition, FiringEpisode } from './alert-state-machine.js'
import { parseDuration } from './duration.js'
import type { AlertNotification, NotificationKind } from './notification.js'
import { stableId } from './stable-id.js'

/**
 * Which notifications a rule owes after a step, and what the notifier's
 * answer changes. `firing` is owed until delivered (a silenced one stays
 * owed, and goes out at the first evaluation after the silence); `repeat`
 * when `repeatInterval` has passed since the last one delivered; `resolved`
 * once, at the end of an episode someone was told about; `error` once, on
 * entering `error`.
 *
 * Keys derive from the transition (alert-state-machine.ts) and, for a repeat,
 * from when it fell due: both are fixed by the stored record, so whatever
 * sends a notification again sends it with the same key.
 */

const DEFAULT_REPEAT_MS = 4 * 3_600_000

export interface OwedContext {
  projectId: string
  rule: AlertRule
  record: AlertStateRecord
  transition: AlertTransition | undefined
  /** The firing episode this step ended (the rule resolved). */
  ended: FiringEpisode | undefined
  now: Date
}

export function owedNotifications(context: OwedContext): AlertNotification[] {
  const { record, transition, ended, rule, now } = context
  const notifications: AlertNotification[] = []
  const notice = (kind: NotificationKind, eventId: string, key: string, episode?: FiringEpisode) =>
    notifications.push(notificationOf(kind, context, eventId, key, episode))
  if (transition && record.state === 'error') notice('error', transition.id, stableId(transition.id, 'error'))
  if (transition && ended?.announced)
    notice('resolved', transition.id, stableId(transition.id, 'resolved'), ended)
  const episode = record.episode
  if (record.state === 'firing' && episode) {
    const repeatMs = parseDuration(rule.repeatInterval) ?? DEFAULT_REPEAT_MS
    const due =
      episode.lastNotifiedAt === undefined ? undefined : Date.parse(episode.lastNotifiedAt) + repeatMs
    if (!episode.notified) {
      notice('firing', episode.eventId, stableId(episode.eventId, 'firing'), episode)
    } else if (due !== undefined && now.getTime() >= due) {
      notice(
        'repeat',
        episode.eventId,
        stableId(episode.eventId, 'repeat', new Date(due).toISOString()),
        episode,
      )
    }
  }
  return notifications
}

/**
 * The record after the notifier answered for `notification`: a delivered
 * firing or repeat is remembered (repeats count from it); a silenced one
 * leaves the firing owed. Resolve and error notifications are sent once
 * whatever the answer, so they change nothing.
 */
export function acknowledge(
  record: AlertStateRecord,
  notification: AlertNotification,
  answer: 'queued' | 'silenced',
  now: Date,
): AlertStateRecord {
  const episode = record.episode
  if (notification.kind !== 'firing' && notification.kind !== 'repeat') return record
  // An answer about an earlier severity of the episode does not settle the current one.
  if (!episode || notification.eventId !== episode.eventId) return record
  const at = now.toISOString()
  if (answer === 'silenced') return { ...record, episode: { ...episode, silencedAt: at } }
  return { ...record, episode: { ...episode, notified: true, announced: true, lastNotifiedAt: at } }
}

function notificationOf(
  kind: NotificationKind,
  context: OwedContext,
  eventId: string,
  idempotencyKey: string,
  episode: FiringEpisode | undefined,
): AlertNotification {
  const { rule, record } = context
  return {
    idempotencyKey,
    eventId,
    kind,
    projectId: context.projectId,
    rule: {
      id: rule.id,
      name: rule.name,
      description: rule.description,
      metric: rule.metric,
      filters: rule.filters,
      comparison: rule.comparison,
      threshold: rule.threshold,
      warningThreshold: rule.warningThreshold,
      window: rule.window,
      labels: rule.labels,
      channels: rule.channels,
      budget: rule.budget,
    },
    state: record.state,
    // A resolve names the severity that had fired, so receivers close the right incident.
    severity: episode?.severity ?? record.severity,
    value: record.value,
    threshold: episode?.threshold ?? record.threshold ?? rule.threshold,
    calls: record.calls,
    firingSince: episode?.since,
    at: context.now.toISOString(),
    message: record.message,
    forecast: record.forecast,
  }
}
