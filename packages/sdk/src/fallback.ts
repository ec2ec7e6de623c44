import { type FallbackReason, FallbackRecorder } from './fallback-recorder.js'
import { runFallbackStep, stepTimeout } from './fallback-step-run.js'
import { activePipeline } from './init.js'

export type { FallbackReason } from './fallback-recorder.js'

/**
 * One way of getting the answer in a {@link withFallback} chain.
 *
 * @example
 * ```ts
 * const cacheStep: FallbackStep<Reply> = { name: 'cache', cache: true, run: () => replyCache.get(ticket.id) }
 * ```
 */
export interface FallbackStep<T> {
  /** Names the step in spans (`vigil.fallback.step`): `primary`, `cheap-model`, `cache`… */
  name: string
  /**
   * Produces the answer. `signal` aborts when the step times out: pass it on
   * (`fetch`, the provider clients' `{ signal }` option) so the work stops too.
   */
  run: (signal: AbortSignal) => T | PromiseLike<T>
  /** Longest wait for this step, in ms; overrides the chain's `timeoutMs`. */
  timeoutMs?: number
  /** A cache lookup: the chain records `vigil.cache.hit` (true when this step served). */
  cache?: boolean
}

/**
 * How a {@link withFallback} chain runs.
 *
 * @example
 * ```ts
 * const options: FallbackOptions<Reply> = { name: 'support-reply', timeoutMs: 8_000, accept: (r) => r.confidence >= 0.6 }
 * ```
 */
export interface FallbackOptions<T> {
  /** Names the chain: span `fallback <name>`, attribute `vigil.fallback.name`. */
  name?: string
  /** Longest wait per step, in ms, unless the step sets its own; default none. */
  timeoutMs?: number
  /**
   * Whether an answer is good enough; `false` moves on to the next step
   * (reason `rejected`), e.g. on low confidence or an empty cache lookup. If it
   * throws, the step counts as failed with that error.
   */
  accept?: (result: T, step: FallbackStep<T>) => boolean | PromiseLike<boolean>
}

/**
 * The rejection of a chain whose last step answered but was turned down by
 * `accept`. Carries that answer, in case the app wants it after all.
 *
 * @example
 * ```ts
 * try { await withFallback(steps, { accept }) } catch (e) {
 *   if (e instanceof FallbackRejectedError) console.warn(`last answer from ${e.step} rejected`, e.result)
 * }
 * ```
 */
export class FallbackRejectedError extends Error {
  override readonly name = 'FallbackRejectedError'

  constructor(
    readonly step: string,
    readonly result: unknown,
  ) {
    super(`The answer of fallback step "${step}" was rejected by accept(), and no step was left.`)
  }
}

/**
 * Runs `steps` in order until one gives an acceptable answer, and records the
 * chain: a parent span `fallback <name>` (attempts, step that served, cache
 * hit) and one span per attempt (`vigil.fallback.attempt`, `.step`, `.served`,
 * `.reason`). The attempt span is the model call the step made through
 * `observe()` or a wrapped client (its last, if several), else a span of its own.
 *
 * A step is left when it throws (reason `error`, or `rate_limit` for HTTP 429
 * and rate-limit errors), exceeds its timeout (`timeout`: its `signal` aborts
 * and its promise is abandoned, not awaited), or `accept` turns its answer down
 * (`rejected`). The answer is returned untouched. If every step fails, the
 * chain rejects with the LAST step's error, unchanged (a `DOMException` named
 * `TimeoutError` for a timeout, a {@link FallbackRejectedError} for a
 * rejection): what the app would have seen calling that step directly. Earlier
 * errors are on their attempt spans. Rejects with a TypeError when `steps` is empty.
 *
 * @example
 * ```ts
 * const reply = await withFallback(
 *   [
 *     { name: 'primary', run: (signal) => openai.chat.completions.create({ model: 'gpt-4o', messages }, { signal }) },
 *     { name: 'cheap-model', run: (signal) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages }, { signal }) },
 *     { name: 'cache', cache: true, run: () => cannedReplies.lookup(ticket) },
 *     { name: 'human', run: () => escalate(ticket) },
 *   ],
 *   { name: 'support-reply', timeoutMs: 10_000, accept: (r) => r !== undefined },
 * )
 * ```
 */
export async function withFallback<T>(
  steps: ReadonlyArray<FallbackStep<T>>,
  options: FallbackOptions<T> = {},
): Promise<T> {
  // Cast: Array.isArray would narrow a readonly array to any[].
  if (!Array.isArray(steps as unknown) || steps.length === 0) {
    throw new TypeError('withFallback() needs at least one step.')
  }
  const given: FallbackOptions<T> = typeof options === 'object' && options !== null ? options : {}
  const chainName = typeof given.name === 'string' && given.name.trim() !== '' ? given.name : undefined
  const recorder = FallbackRecorder.start(chainName, activePipeline())
  const hasCacheStep = steps.some((step) => step?.cache === true)
  let lastError: unknown
  for (const [index, step] of steps.entries()) {
    const name = typeof step?.name === 'string' && step.name !== '' ? step.name : `step ${index}`
    const cache = step?.cache === true
    const attempt = recorder.newAttempt()
    const outcome = await runFallbackStep(step, name, stepTimeout(step, given), attempt, recorder)
    let reason: FallbackReason
    if (outcome.ok) {
      const verdict = await judge(given.accept, outcome.value, step)
      if (verdict === true) {
        const served = { index, step: name, cache, served: true }
        recorder.settleAttempt(attempt, served)
        recorder.finish(index + 1, served, hasCacheStep)
        return outcome.value
      }
      reason = verdict === false ? 'rejected' : 'error'
      lastError = verdict === false ? new FallbackRejectedError(name, outcome.value) : verdict.error
    } else {
      reason = outcome.reason
      lastError = outcome.error
    }
    recorder.settleAttempt(attempt, { index, step: name, cache, served: false, reason, error: lastError })
  }
  recorder.finish(steps.length, undefined, hasCacheStep, lastError)
  throw lastError
}

/** true (accepted), false (rejected), or the error `accept` threw. */
async function judge<T>(
  accept: FallbackOptions<T>['accept'],
  value: T,
  step: FallbackStep<T>,
): Promise<boolean | { error: unknown }> {
  if (typeof accept !== 'function') return true
  try {
    return Boolean(await accept(value, step))
  } catch (error) {
    return { error }
  }
}
