import { setTimeout as wait } from 'node:timers/promises'
import type { AlertDelivery, DeliveryStatus } from '../storage/alert-delivery-log.js'
import type { AlertChannel } from './alert-channel.js'
import { ChannelSender, type NotificationLog, type SendResult } from './channel-sender.js'
import { backoffDelay, parseRetryAfter } from './delivery-backoff.js'
import { formatDuration } from './duration.js'
import type { AttemptOutcome } from './http-delivery.js'
import type { AlertNotification, Notifier } from './notification.js'
import { activeSilence, type Silence } from './silence.js'
import { testNotification } from './test-notification.js'

export type { NotificationLog } from './channel-sender.js'

/** `DefinitionStore<AlertChannel>` fits; read at each attempt, so a channel fixed meanwhile is used by the retry. */
export interface ChannelLookup {
  get(projectId: string, name: string): Promise<{ definition: AlertChannel } | undefined>
}

/** `DefinitionStore<Silence>` fits. */
export interface SilenceLookup {
  list(projectId: string): Promise<{ definition: Silence }[]>
}

/** `AlertDeliveryLog` fits; `record` must not reject. */
export interface DeliveryRecorder {
  record(delivery: AlertDelivery): Promise<void>
}

export interface NotificationDispatcherOptions {
  channels: ChannelLookup
  silences: SilenceLookup
  deliveries: DeliveryRecorder
  log: NotificationLog
  /** Attempts per delivery, the first included. */
  maxAttempts?: number
  /** No retry starts later than this after the first attempt: a page that old misleads more than it helps. */
  maxAgeMs?: number
  /** Backoff before the first retry (before jitter); doubles at each retry up to `backoffMaxMs`. */
  backoffBaseMs?: number
  backoffMaxMs?: number
  /** A receiver's `Retry-After` is honoured up to this. */
  retryAfterMaxMs?: number
  /** Per HTTP attempt, answer included. */
  timeoutMs?: number
  /** Deliveries queued or in progress (retries waiting included); beyond it new ones fail at once, recorded. */
  maxQueued?: number
  /** HTTP requests in flight at once. */
  maxConcurrent?: number
  /** Clock for records, signatures and `Retry-After` dates (ms since the epoch). */
  now?: () => number
  /** Waits before a retry; must return early when `signal` aborts (close). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  /** In [0, 1), for jitter. */
  random?: () => number
  fetch?: typeof fetch
}

/**
 * Retries for about ten minutes (2 s doubling to 5 min, 10 attempts) within an
 * hour: a receiver restarting or briefly overloaded still gets the page, one
 * down for longer is reported in `alert_deliveries` and the collector log.
 */
export const deliveryDefaults = {
  maxAttempts: 10,
  maxAgeMs: 3_600_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 300_000,
  retryAfterMaxMs: 300_000,
  timeoutMs: 10_000,
  maxQueued: 1_000,
  maxConcurrent: 16,
} as const

/** Silenced notifications remembered so each is recorded once (a bounded set: a forgotten one is recorded again). */
const SILENCED_KEYS_KEPT = 10_000

export interface TestDeliveryResult {
  channel: string
  eventId: string
  status: 'delivered' | 'failed'
  httpStatus: number | null
  error: string | null
  durationMs: number
}

type Settings = Required<Omit<NotificationDispatcherOptions, 'channels' | 'silences' | 'deliveries' | 'log'>>
type Attempt = Pick<AlertDelivery, 'at' | 'attempt' | 'status' | 'httpStatus' | 'error' | 'durationMs'>

/**
 * The {@link Notifier} the evaluator calls: checks silences, then delivers to
 * each of the rule's channels in the background, retrying what may succeed
 * later (5xx, 429, timeouts, network errors) with backoff, never a 4xx, and
 * records every attempt. The queue is in memory: what is still queued when
 * the collector stops is recorded as failed, not resumed by the next start.
 */
export class NotificationDispatcher implements Notifier {
  readonly #channels: ChannelLookup
  readonly #silences: SilenceLookup
  readonly #deliveries: DeliveryRecorder
  readonly #log: NotificationLog
  readonly #settings: Settings
  /** Every background task (deliveries, records), for `drain` and `close`. */
  readonly #tasks = new Set<Promise<void>>()
  readonly #sender: ChannelSender
  #queued = 0
  /** Idempotency keys already recorded as silenced, oldest first. */
  readonly #silencedKeys = new Set<string>()
  /** Aborted at close: retries waiting for their time give up. */
  readonly #stopRetries = new AbortController()
  #closed = false

  constructor(options: NotificationDispatcherOptions) {
    const { channels, silences, deliveries, log, ...tuning } = options
    this.#channels = channels
    this.#silences = silences
    this.#deliveries = deliveries
    this.#log = log
    this.#settings = {
      ...deliveryDefaults,
      now: Date.now,
      sleep: (ms, signal) => wait(ms, undefined, { signal }).catch(() => {}),
      random: Math.random,
      fetch: globalThis.fetch,
      ...definedOnly(tuning),
    }
    const { fetch, timeoutMs, maxConcurrent, now } = this.#settings
    this.#sender = new ChannelSender({ log: this.#log, fetch, timeoutMs, maxConcurrent, now })
  }

  async notify(notification: AlertNotification): Promise<'queued' | 'silenced'> {
    try {
      if (this.#closed) {
        this.#log.warn(
          { eventId: notification.eventId, ruleId: notification.rule.id },
          `Alert notification not sent, the collector is closing: ${notification.message}`,
        )
        return 'queued'
      }
      const channels = [...new Set(notification.rule.channels)]
      const silence = await this.#silenceFor(notification)
      if (silence) {
        const at = this.#iso()
        const error = `silenced by ${silence.id} until ${silence.endsAt}: ${silence.comment}`
        // The evaluator offers an owed notification again at every tick while the
        // silence lasts: record that it was silenced once, not every 30 s.
        if (this.#silencedKeys.has(notification.idempotencyKey)) return 'silenced'
        this.#silencedKeys.add(notification.idempotencyKey)
        if (this.#silencedKeys.size > SILENCED_KEYS_KEPT) {
          const oldest = this.#silencedKeys.values().next().value
          if (oldest !== undefined) this.#silencedKeys.delete(oldest)
        }
        for (const channel of channels) {
          this.#track(
            this.#record(notification, channel, {
              at,
              attempt: 0,
              status: 'silenced',
              httpStatus: null,
              error,
              durationMs: 0,
            }),
          )
        }
        return 'silenced'
      }
      for (const channel of channels) this.#enqueue(notification, channel)
      return 'queued'
    } catch (error) {
      this.#log.error(
        { err: error, eventId: notification.eventId },
        'Alert notification could not be queued; this is a bug, please report it',
      )
      return 'queued'
    }
  }

  /**
   * Sends a test notification to `channel` once, now (no retry: whoever
   * asked is waiting), records it (kind `test`) and says how it went.
   */
  async test(projectId: string, channel: AlertChannel): Promise<TestDeliveryResult> {
    const notification = testNotification(projectId, channel.name, this.#settings.now())
    const at = this.#iso()
    const { outcome, durationMs } = await this.#sender.send(channel, notification, true)
    const error = outcome.result === 'delivered' ? '' : outcome.error
    const status: DeliveryStatus = outcome.result === 'delivered' ? 'delivered' : 'failed'
    await this.#record(
      notification,
      channel.name,
      { at, attempt: 1, status, httpStatus: outcome.httpStatus, error, durationMs },
      'test',
    )
    return {
      channel: channel.name,
      eventId: notification.eventId,
      status,
      httpStatus: outcome.httpStatus,
      error: error || null,
      durationMs,
    }
  }

  /** Resolves when nothing is queued, waiting or being recorded (tests; `close`). */
  async drain(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks])
  }

  /**
   * Stops taking notifications, lets requests in flight finish until
   * `deadlineMs`, then aborts them; retries still waiting are given up at
   * once. Each is recorded as failed, so close before the store.
   */
  async close(options: { deadlineMs?: number } = {}): Promise<void> {
    this.#closed = true
    this.#stopRetries.abort()
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.deadlineMs ?? 5_000)
    })
    await Promise.race([this.drain(), deadline])
    clearTimeout(timer)
    this.#sender.abort()
    // Aborted requests end at once; what is left is recording them.
    await Promise.race([this.drain(), wait(2_000, undefined, { ref: false })])
  }

  async #silenceFor(notification: AlertNotification): Promise<Silence | undefined> {
    try {
      const silences = (await this.#silences.list(notification.projectId)).map((entry) => entry.definition)
      return activeSilence(silences, notification.rule, this.#settings.now())
    } catch (error) {
      // Better a page during a silence than none during an incident.
      this.#log.warn(
        { err: error, ruleId: notification.rule.id },
        'Could not read silences; sending the alert notification anyway. Check storage',
      )
      return undefined
    }
  }

  #enqueue(notification: AlertNotification, channel: string): void {
    const { maxQueued } = this.#settings
    if (this.#queued >= maxQueued) {
      this.#log.error(
        { eventId: notification.eventId, channel },
        `Alert notification dropped: ${maxQueued} deliveries are queued already. ` +
          'Receivers are slow or down: check /api/v1/alert-deliveries, or raise the queue size',
      )
      this.#track(
        this.#record(notification, channel, {
          at: this.#iso(),
          attempt: 0,
          status: 'failed',
          httpStatus: null,
          error: `not sent: ${maxQueued} deliveries were queued already (receivers slow or down)`,
          durationMs: 0,
        }),
      )
      return
    }
    this.#queued++
    this.#track(this.#deliver(notification, channel).finally(() => this.#queued--))
  }

  #track(task: Promise<void>): void {
    const tracked = task
      .catch((error: unknown) =>
        this.#log.error(
          { err: error },
          'Alert delivery failed unexpectedly; this is a bug, please report it',
        ),
      )
      .finally(() => this.#tasks.delete(tracked))
    this.#tasks.add(tracked)
  }

  async #deliver(notification: AlertNotification, channelName: string): Promise<void> {
    const firstMs = this.#settings.now()
    for (let attempt = 1; ; attempt++) {
      const at = this.#iso()
      const { outcome, durationMs } = await this.#attempt(notification, channelName)
      const row = { at, attempt, httpStatus: outcome.httpStatus, durationMs }
      if (outcome.result === 'delivered') {
        await this.#record(notification, channelName, { ...row, status: 'delivered', error: '' })
        return
      }
      const retry = outcome.result === 'retry' ? this.#nextRetry(attempt, firstMs, outcome) : undefined
      if (retry === undefined || 'giveUp' in retry) {
        const error = retry ? `${outcome.error}; ${retry.giveUp}` : outcome.error
        await this.#record(notification, channelName, { ...row, status: 'failed', error })
        this.#log.warn(
          {
            eventId: notification.eventId,
            ruleId: notification.rule.id,
            channel: channelName,
            attempt,
            error,
          },
          `Alert notification to channel "${channelName}" failed: fix the receiver or the channel, ` +
            'then check /api/v1/alert-deliveries',
        )
        return
      }
      await this.#record(notification, channelName, {
        ...row,
        status: 'retrying',
        error: `${outcome.error}; attempt ${attempt + 1} in ${formatMs(retry.delayMs)}`,
      })
      await this.#settings.sleep(retry.delayMs, this.#stopRetries.signal)
      if (this.#stopRetries.signal.aborted) {
        await this.#record(notification, channelName, {
          at: this.#iso(),
          attempt: attempt + 1,
          status: 'failed',
          httpStatus: null,
          error: 'not attempted: the collector closed before this retry',
          durationMs: 0,
        })
        return
      }
    }
  }

  #nextRetry(
    attempt: number,
    firstMs: number,
    outcome: Extract<AttemptOutcome, { result: 'retry' }>,
  ): { delayMs: number } | { giveUp: string } {
    const { maxAttempts, maxAgeMs, retryAfterMaxMs, backoffBaseMs, backoffMaxMs } = this.#settings
    if (attempt >= maxAttempts) return { giveUp: `gave up after ${attempt} attempts` }
    const now = this.#settings.now()
    const retryAfterMs = parseRetryAfter(outcome.retryAfter, now)
    const delayMs =
      retryAfterMs !== undefined
        ? Math.min(retryAfterMs, retryAfterMaxMs)
        : backoffDelay(attempt, { baseMs: backoffBaseMs, maxMs: backoffMaxMs }, this.#settings.random)
    if (now + delayMs - firstMs > maxAgeMs) {
      return {
        giveUp: `gave up after ${attempt} attempts: the next would start more than ${formatMs(maxAgeMs)} after the first`,
      }
    }
    return { delayMs }
  }

  async #attempt(notification: AlertNotification, channelName: string): Promise<SendResult> {
    let channel: AlertChannel | undefined
    try {
      channel = (await this.#channels.get(notification.projectId, channelName))?.definition
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return {
        outcome: { result: 'retry', httpStatus: null, error: `could not read the channel: ${reason}` },
        durationMs: 0,
      }
    }
    if (!channel) {
      const error =
        `channel "${channelName}" does not exist in project "${notification.projectId}": ` +
        'create it (POST /api/v1/alert-channels) or remove it from the rule’s channels'
      return { outcome: { result: 'failed', httpStatus: null, error }, durationMs: 0 }
    }
    return this.#sender.send(channel, notification, false)
  }

  async #record(
    notification: AlertNotification,
    channel: string,
    attempt: Attempt,
    kind?: string,
  ): Promise<void> {
    await this.#deliveries.record({
      projectId: notification.projectId,
      eventId: notification.eventId,
      ruleId: notification.rule.id,
      channel,
      kind: kind ?? notification.kind,
      ...attempt,
    })
  }

  #iso(): string {
    return new Date(this.#settings.now()).toISOString()
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : formatDuration(Math.round(ms / 1000) * 1000)
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>
}
