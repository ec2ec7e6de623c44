import type { CallIds } from './context.js'

// Results are held weakly: remembering them must never keep an app's objects alive.
const idsByResult = new WeakMap<object, CallIds>()

/**
 * Trace and span id of the call that produced `result`: the object an
 * `observe()` function returned, or the completion, message or stream a
 * wrapped client (`observeOpenAI`, `observeAnthropic`) handed back. The
 * result itself is left untouched; Vigil keeps the link aside, for as long as
 * the app keeps the object. Undefined for anything else (a string, an object
 * made from the result, a call made before `init()`). Pass the ids to
 * `recordFeedback()` and the other `record…` functions.
 *
 * @example
 * ```ts
 * const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages })
 * const ids = getCallIds(completion) // store them with the reply
 * // later, when the user clicks 👍:
 * recordFeedback({ ...ids, thumb: 'up' })
 * ```
 */
export function getCallIds(result: unknown): CallIds | undefined {
  try {
    return typeof result === 'object' && result !== null ? idsByResult.get(result) : undefined
  } catch {
    return undefined
  }
}

/**
 * Links a result object to the ids of its call; primitives are skipped. The
 * latest call wins: an object returned again (a cached answer) belongs to the
 * call that returned it last. Internal.
 */
export function rememberCallIds(result: unknown, ids: CallIds | undefined): void {
  if (ids === undefined || typeof result !== 'object' || result === null) return
  idsByResult.set(result, ids)
}
