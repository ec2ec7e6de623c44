import type { CallFallback, FallbackAttempt } from './call-types.js'

/**
 * The words for a `withFallback` chain: what each attempt was, why the chain
 * left it, and which one answered. The SDK's reasons are `error`, `timeout`,
 * `rate_limit` and `rejected` (the app's accept check refused the answer);
 * anything else (another instrumentation's words) is shown as sent.
 */

const reasonWords: Record<string, string> = {
  error: 'failed',
  timeout: 'timed out',
  rate_limit: 'rate limited',
  rejected: 'answer rejected',
}

export function describeReason(reason: string): string {
  return reasonWords[reason] ?? reason
}

/** The step's name in the app, else the model, else the span name. */
export function attemptLabel(attempt: Pick<FallbackAttempt, 'step' | 'model' | 'name'>): string {
  return attempt.step ?? attempt.model ?? attempt.name
}

/** "served", "timed out", "failed"…: what became of one attempt. */
export function attemptOutcome(attempt: Pick<FallbackAttempt, 'served' | 'reason' | 'status'>): string {
  if (attempt.served) return 'served'
  if (attempt.reason) return describeReason(attempt.reason)
  return attempt.status === 'error' ? 'failed' : 'not served'
}

/** Attempt numbers below the last one received that are missing (their spans never arrived). */
export function missingAttempts(chain: readonly Pick<FallbackAttempt, 'attempt'>[]): number[] {
  const seen = new Set(chain.map((a) => a.attempt))
  const last = Math.max(0, ...seen)
  const missing: number[] = []
  for (let n = 1; n < last; n++) if (!seen.has(n)) missing.push(n)
  return missing
}

/**
 * One sentence on the whole chain, e.g. "Served by attempt 2 (claude-haiku)
 * after gpt-4o timed out." Empty for no chain.
 */
export function summarizeFallbackChain(chain: readonly FallbackAttempt[]): string {
  if (chain.length === 0) return ''
  const ordered = [...chain].sort((a, b) => a.attempt - b.attempt)
  const served = ordered.find((a) => a.served)
  const before = ordered.filter((a) => !a.served && (!served || a.attempt < served.attempt))
  const left = before.map((a) => `${attemptLabel(a)} ${attemptOutcome(a)}`).join(', ')
  const gaps = missingAttempts(ordered)
  const gapNote =
    gaps.length === 0
      ? ''
      : ` ${gaps.length === 1 ? 'Attempt' : 'Attempts'} ${gaps.join(', ')} ${gaps.length === 1 ? 'was' : 'were'} not received.`
  if (!served) return `No attempt served: ${left}.${gapNote}`
  if (served.attempt === 1)
    return `Served by the first attempt (${attemptLabel(served)}); no fallback needed.${gapNote}`
  return `Served by attempt ${served.attempt} (${attemptLabel(served)})${left ? ` after ${left}` : ''}.${gapNote}`
}

/** The short marker of a call in the table: "#2 served", "#1 timed out". */
export function fallbackMarker(fallback: CallFallback): string {
  return `#${fallback.attempt} ${attemptOutcome({ served: fallback.served, reason: fallback.reason, status: 'unset' })}`
}
