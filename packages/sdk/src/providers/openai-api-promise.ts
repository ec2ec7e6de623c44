import { describeError, type VigilLogger } from '../logger.js'

/** How the app's promise settled, seen before the app sees it; each hook runs at most once, overall. */
export interface SettlementHooks {
  /** The parsed answer (a completion, or the Stream to instrument in place). */
  onValue(value: unknown): void
  onError(error: unknown): void
  /** `asResponse()`: the app reads the raw HTTP response itself, so the answer is never seen. */
  onRawResponse(): void
}

type ApiPromiseLike = PromiseLike<unknown> & {
  withResponse?: () => Promise<{ data: unknown }>
  asResponse?: () => Promise<unknown>
}

/**
 * Watches the openai client's `APIPromise` without replacing it: the app gets
 * the very object the client returned (`instanceof APIPromise`, its helpers,
 * its lazy parsing), with `then`/`catch`/`finally`, `withResponse()` and
 * `asResponse()` shadowed by own properties that call the originals and report
 * the outcome. Nothing is read until the app asks: an APIPromise parses the
 * body only on demand, and `asResponse()` needs the body left unread.
 * Returns false when the object cannot be watched (frozen, say).
 */
export function watchApiPromise(
  promise: PromiseLike<unknown>,
  hooks: SettlementHooks,
  logger: VigilLogger,
): boolean {
  const target = promise as ApiPromiseLike
  let settled = false
  const settle = (hook: () => void) => {
    if (settled) return
    settled = true
    try {
      hook()
    } catch (error) {
      logger.error(`Could not record the outcome of an OpenAI call: ${describeError(error)}`)
    }
  }
  const reportValue = (value: unknown) => settle(() => hooks.onValue(value))
  const reportError = (error: unknown) => settle(() => hooks.onError(error))

  const originalThen = target.then
  let observed: Promise<unknown> | undefined
  // One observed chain shared by then/catch/finally, as APIPromise shares one parse.
  const watched = (): Promise<unknown> =>
    (observed ??= Promise.resolve(
      Reflect.apply(originalThen, target, [
        (value: unknown) => {
          reportValue(value)
          return value
        },
        (error: unknown) => {
          reportError(error)
          throw error
        },
      ]),
    ))

  const originalWithResponse = target.withResponse
  const originalAsResponse = target.asResponse
  // APIPromise.withResponse() calls this.asResponse() synchronously; that inner call is not the app's.
  let insideWithResponse = false
  const defined: string[] = []
  const define = (key: string, value: unknown) => {
    Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable: false })
    defined.push(key)
  }
  try {
    define('then', (onFulfilled?: unknown, onRejected?: unknown) =>
      watched().then(onFulfilled as never, onRejected as never),
    )
    if (typeof (target as Partial<Promise<unknown>>).catch === 'function') {
      define('catch', (onRejected?: unknown) => watched().catch(onRejected as never))
    }
    if (typeof (target as Partial<Promise<unknown>>).finally === 'function') {
      define('finally', (onFinally?: unknown) => watched().finally(onFinally as never))
    }
    if (typeof originalWithResponse === 'function') {
      define('withResponse', () => {
        insideWithResponse = true
        let pending: Promise<{ data: unknown }>
        try {
          pending = Reflect.apply(originalWithResponse, target, [])
        } finally {
          insideWithResponse = false
        }
        return pending.then(
          (result) => {
            reportValue(result?.data)
            return result
          },
          (error: unknown) => {
            reportError(error)
            throw error
          },
        )
      })
    }
    if (typeof originalAsResponse === 'function') {
      define('asResponse', () => {
        const pending: Promise<unknown> = Reflect.apply(originalAsResponse, target, [])
        if (insideWithResponse) return pending
        return pending.then(
          (response) => {
            settle(() => hooks.onRawResponse())
            return response
          },
          (error: unknown) => {
            reportError(error)
            throw error
          },
        )
      })
    }
    return true
  } catch (error) {
    logger.error(
      `Could not watch an OpenAI call, so it is recorded without its answer: ${describeError(error)}`,
    )
    for (const key of defined) Reflect.deleteProperty(target, key)
    return false
  }
}
