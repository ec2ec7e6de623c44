import { errorType } from './error-type.js'
import type { FallbackOptions, FallbackStep } from './fallback.js'
import type { FallbackAttempt } from './fallback-attempt.js'
import type { FallbackReason, FallbackRecorder } from './fallback-recorder.js'
import { sdkLogger } from './init.js'

/** How one step ended: its answer, or why the chain leaves it (a rejection by `accept` is decided later). */
export type StepOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: unknown; reason: Exclude<FallbackReason, 'rejected'> }

/** Runs one step, racing its timeout; the outcome is fixed by whichever comes first. */
export function runFallbackStep<T>(
  step: FallbackStep<T>,
  name: string,
  timeoutMs: number | undefined,
  attempt: FallbackAttempt | undefined,
  recorder: FallbackRecorder,
): Promise<StepOutcome<T>> {
  const controller = new AbortController()
  let timedOut: StepOutcome<T> | undefined
  // The executor turns a synchronous throw of run() (or a missing run) into a rejection.
  const running = new Promise<T>((resolve) =>
    resolve(recorder.runAttempt(attempt, () => step.run(controller.signal))),
  ).then(
    (value): StepOutcome<T> => timedOut ?? { ok: true, value },
    (error: unknown): StepOutcome<T> =>
      timedOut ?? { ok: false, error, reason: isRateLimit(error) ? 'rate_limit' : 'error' },
  )
  if (timeoutMs === undefined) return running
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      const error = new DOMException(
        `Fallback step "${name}" took longer than ${timeoutMs} ms.`,
        'TimeoutError',
      )
      timedOut = { ok: false, error, reason: 'timeout' }
      resolve(timedOut)
      // After resolving: a step that settles in reaction to the abort cannot overtake the timeout.
      controller.abort(error)
    }, timeoutMs)
    void running.then((outcome) => {
      clearTimeout(timer)
      resolve(outcome)
    })
  })
}

/** The step's own timeout, else the chain's; a bad value is logged and ignored. */
export function stepTimeout<T>(
  step: FallbackStep<T> | undefined,
  options: FallbackOptions<T>,
): number | undefined {
  const timeout = step?.timeoutMs ?? options.timeoutMs
  if (timeout === undefined) return undefined
  if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0) return timeout
  sdkLogger().warn(`withFallback() timeoutMs ${String(timeout)} ignored: expected a number of ms > 0.`)
  return undefined
}

/** HTTP 429, or an error whose name, class or code says rate limit (`RateLimitError`, `rate_limit_exceeded`). */
function isRateLimit(error: unknown): boolean {
  if (errorType(error) === '429') return true
  if (typeof error !== 'object' || error === null) return false
  const { name, code } = error as { name?: unknown; code?: unknown }
  const labels = [name, code, error.constructor?.name]
  return labels.some((label) => typeof label === 'string' && /rate[\s_-]?limit/i.test(label))
}
