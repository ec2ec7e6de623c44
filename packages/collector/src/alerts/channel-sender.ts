import type { AlertChannel } from './alert-channel.js'
import { type AttemptOutcome, postNotification } from './http-delivery.js'
import type { AlertNotification } from './notification.js'
import { webhookPayload } from './webhook-payload.js'

/** The collector log (Fastify's logger fits): where the `log` channel writes and delivery trouble is reported. */
export interface NotificationLog {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
}

export interface ChannelSenderOptions {
  log: NotificationLog
  fetch: typeof fetch
  /** Per HTTP attempt, answer included. */
  timeoutMs: number
  /** HTTP requests in flight at once; more wait for a slot. */
  maxConcurrent: number
  /** Signature timestamps. */
  now: () => number
}

export interface SendResult {
  outcome: AttemptOutcome
  /** Time of the request itself (0 for the log), not of waiting for a slot. */
  durationMs: number
}

/**
 * One attempt to put a notification in front of a channel, whatever its
 * type: a line in the collector log, or an HTTP request (webhook, Slack),
 * at most `maxConcurrent` at once so a burst of alerts cannot open hundreds
 * of sockets. Retrying is the dispatcher's business.
 */
export class ChannelSender {
  readonly #options: ChannelSenderOptions
  readonly #abort = new AbortController()
  #inFlight = 0
  readonly #waiting: (() => void)[] = []

  constructor(options: ChannelSenderOptions) {
    this.#options = options
  }

  /** Ends the requests in flight at once (the collector is closing); they report `failed`. */
  abort(): void {
    this.#abort.abort()
  }

  async send(channel: AlertChannel, notification: AlertNotification, test: boolean): Promise<SendResult> {
    if (channel.type === 'log') {
      this.#writeLog(channel.name, notification, test)
      return { outcome: { result: 'delivered', httpStatus: null }, durationMs: 0 }
    }
    await this.#acquire()
    const started = performance.now()
    try {
      const outcome = await postNotification(channel, notification, {
        fetch: this.#options.fetch,
        timeoutMs: this.#options.timeoutMs,
        signal: this.#abort.signal,
        nowMs: this.#options.now(),
        test,
      })
      return { outcome, durationMs: Math.round((performance.now() - started) * 10) / 10 }
    } finally {
      this.#release()
    }
  }

  #writeLog(channel: string, notification: AlertNotification, test: boolean): void {
    const fields = { alert: webhookPayload(notification, { test }), channel }
    const message = `${test ? 'Test alert' : 'Alert'} ${notification.kind}: ${notification.message} (rule ${notification.rule.id})`
    if (test || notification.kind === 'resolved') this.#options.log.info(fields, message)
    else this.#options.log.warn(fields, message)
  }

  async #acquire(): Promise<void> {
    if (this.#inFlight < this.#options.maxConcurrent) {
      this.#inFlight++
      return
    }
    // The request that ends hands its slot over: #inFlight stays as it is.
    await new Promise<void>((resolve) => this.#waiting.push(resolve))
  }

  #release(): void {
    const next = this.#waiting.shift()
    if (next) next()
    else this.#inFlight--
  }
}
