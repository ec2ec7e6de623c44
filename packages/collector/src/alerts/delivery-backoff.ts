/**
 * When to try a failed delivery again. Exponential backoff with "equal
 * jitter" (half the delay fixed, half random): receivers that went down
 * together are not hit again in lockstep, and a delay never collapses to 0.
 * A `Retry-After` from the receiver (429, 503) wins over the backoff, capped,
 * as OTLP clients and Alertmanager's webhook sender do.
 */

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs: number
  /** No delay grows beyond this. */
  maxMs: number
}

/** The delay before retry `retry` (1 for the first retry). `random` returns [0, 1). */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/**
 * `Retry-After` in milliseconds from `nowMs`: delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3); undefined when absent or unreadable, so the caller
 * falls back to its backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}
