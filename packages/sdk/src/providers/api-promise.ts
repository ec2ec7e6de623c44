import { describeError, type VigilLogger } from '../logger.js'

/** Told how the app's read of an API promise turned out: one of the three, at most once. */
export interface ApiPromiseObserver {
  /** The parsed answer: a completion or message, or the client's `Stream` for `stream: true`. */
  onData(data: unknown): void
  /** The very error the app gets: HTTP error, timeout, lost connection, unparsable body. */
  onError(error: unknown): void
  /** The app took the raw `Response` (`asResponse()`) before any parse: the body is the app's alone. */
  onRawResponse(): void
}

type ApiPromiseLike = PromiseLike<unknown> & {
  catch?: unknown
  finally?: unknown
  withResponse?: () => PromiseLike<{ data?: unknown }>
  asResponse?: () => PromiseLike<unknown>
}

/**
 * Watches the `APIPromise` of the `openai` or `@anthropic-ai/sdk` client
 * (both clients share that Stainless-generated class) without replacing it:
 * the app gets the very object the client returned (`instanceof APIPromise`,
 * its helpers, its lazy parsing), with `then`/`catch`/`finally`,
 * `withResponse()` and `asResponse()` shadowed by own properties that call the
 * originals and tell `observer` the outcome. The app's handlers see the same
 * values and errors as without Vigil, and a rejection it leaves unhandled
 * stays unhandled. Nothing is read before the app asks: the client parses the
 * body only on demand, and `asResponse()` needs it left unread.
 *
 * Returns what to hand the app: the promise itself, watched in place; for a
 * plain `Promise` (a stub, a future client), which `await` reads without
 * calling its `then`, a promise chained to it; for a value that is no promise,
 * the value, which is the answer itself. Returns undefined when the promise
 * cannot be watched (frozen, say): the observer is then never told, the app
 * gets the promise as it is, and the caller ends the call itself.
 *
 * @param provider names the client in log lines, e.g. `OpenAI`.
 */
export function watchApiPromise<P>(
  promise: P,
  observer: ApiPromiseObserver,
  logger: VigilLogger,
  provider: string,
): P | undefined {
  let settled = false
  const settle = (hook: () => void) => {
    if (settled) return
    settled = true
    try {
      hook()
    } catch (error) {
      logger.error(`Could not record the outcome of an ${provider} call: ${describeError(error)}`)
    }
  }
  const reportData = (data: unknown) => settle(() => observer.onData(data))
  const reportError = (error: unknown) => settle(() => observer.onError(error))
  const passData = (data: unknown) => {
    reportData(data)
    return data
  }
  const passError = (error: unknown): never => {
    reportError(error)
    throw error
  }
  // Watching must never throw into the app: any fault leaves the promise as it was.
  const defined: string[] = []
  try {
    if (!isThenable(promise)) {
      reportData(promise)
      return promise
    }
    const target = promise as ApiPromiseLike
    const originalThen = target.then
    // `await` reads a plain Promise without calling its `then`: only a chained promise sees the outcome.
    if (target.constructor === Promise) return Reflect.apply(originalThen, target, [passData, passError]) as P

    let observed: Promise<unknown> | undefined
    // One observed chain shared by then/catch/finally, as the APIPromise shares one parse.
    const watched = (): Promise<unknown> =>
      (observed ??= Promise.resolve(Reflect.apply(originalThen, target, [passData, passError])))
    const originalWithResponse = target.withResponse
    const originalAsResponse = target.asResponse
    // A raw read after a parse has started leaves the outcome to that parse.
    let parseStarted = false
    // APIPromise.withResponse() calls this.asResponse() synchronously; that inner call is not the app's.
    let insideWithResponse = false
    const define = (key: string, value: unknown) => {
      Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable: false })
      defined.push(key)
    }
    define('then', (onFulfilled?: unknown, onRejected?: unknown) => {
      parseStarted = true
      return watched().then(onFulfilled as never, onRejected as never)
    })
    if (typeof target.catch === 'function') {
      define('catch', (onRejected?: unknown) => {
        parseStarted = true
        return watched().catch(onRejected as never)
      })
    }
    if (typeof target.finally === 'function') {
      define('finally', (onFinally?: unknown) => {
        parseStarted = true
        return watched().finally(onFinally as never)
      })
    }
    if (typeof originalWithResponse === 'function') {
      define('withResponse', () => {
        parseStarted = true
        insideWithResponse = true
        let pending: PromiseLike<{ data?: unknown }>
        try {
          pending = Reflect.apply(originalWithResponse, target, [])
        } finally {
          insideWithResponse = false
        }
        return Promise.resolve(pending).then((result) => {
          reportData(result?.data)
          return result
        }, passError)
      })
    }
    if (typeof originalAsResponse === 'function') {
      define('asResponse', () => {
        const pending: PromiseLike<unknown> = Reflect.apply(originalAsResponse, target, [])
        if (insideWithResponse) return pending
        return Promise.resolve(pending).then((response) => {
          // As the clients' own tracing does: a raw read before any parse may never be parsed.
          if (!parseStarted) settle(() => observer.onRawResponse())
          return response
        }, passError)
      })
    }
    return promise
  } catch (error) {
    logger.error(
      `Could not watch an ${provider} call, so it is recorded without its answer: ${describeError(error)}`,
    )
    for (const key of defined) Reflect.deleteProperty(promise as object, key)
    return undefined
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
