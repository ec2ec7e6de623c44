/**
 * When and how long to wait before re-sending a batch. The defaults follow the
 * OTLP exporter guidance: a handful of attempts with exponential backoff and
 * jitter, all within a ~10 s budget, so a down collector costs the app a
 * bounded amount of work and memory.
 *
 * @example
 * ```ts
 * new VigilSpanExporter({ retry: { maxAttempts: 3, budgetMillis: 5_000 } })
 * ```
 */
export interface RetryPolicy {
  /** Attempts per batch, the first one included. */
  maxAttempts: number
  /** Backoff before the second attempt; doubles after each attempt. */
  initialBackoffMillis: number
  /** Upper bound of one backoff. */
  maxBackoffMillis: number
  /** Total time one batch may take, attempts and waits included. */
  budgetMillis: number
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 5,
  initialBackoffMillis: 500,
  maxBackoffMillis: 5_000,
  budgetMillis: 10_000,
}

/**
 * Statuses worth retrying: the collector is overloaded or a proxy in front of
 * it is (OTLP/HTTP spec, "Retryable Response Codes"). Everything else means the
 * same request would fail again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504
}

/**
 * Milliseconds a `Retry-After` header asks to wait: either delay-seconds or an
 * HTTP date (RFC 9110 §10.2.3). Undefined when absent or unreadable, so the
 * caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | undefined, nowMillis: number): number | undefined {
  if (header === undefined) return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMillis)
}

/**
 * Backoff after the `attempt`-th failed attempt (1-based): exponential, capped,
 * with "equal jitter" (half fixed, half random) so that many app instances
 * that lost the collector at the same moment do not retry in lockstep.
 */
export function backoffMillis(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponential = policy.initialBackoffMillis * 2 ** Math.max(0, attempt - 1)
  const capped = Math.min(policy.maxBackoffMillis, exponential)
  return capped / 2 + random() * (capped / 2)
}
