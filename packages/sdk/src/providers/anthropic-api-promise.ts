/** Told how the app's read of an API promise turned out. Each method must not throw. */
export interface ApiPromiseObserver {
  /** The parsed answer: a Message, or the SDK's `Stream` for `stream: true`. May be called again. */
  onData(data: unknown): void
  /** The same error object the app gets: HTTP error, timeout, lost connection, unparsable body. */
  onError(error: unknown): void
  /** The app took the raw `Response` (`asResponse()`) before any parse: the body is the app's alone. */
  onRawResponse(): void
}

type Settle = (value: unknown) => unknown
interface ApiPromiseLike extends PromiseLike<unknown> {
  catch?: unknown
  finally?: unknown
  withResponse?: () => PromiseLike<{ data?: unknown }>
  asResponse?: () => PromiseLike<unknown>
}

/**
 * Watches an `@anthropic-ai/sdk` `APIPromise` (a Promise subclass with
 * `withResponse()` and `asResponse()`) and returns it behind a Proxy, so the
 * app keeps every method, `instanceof APIPromise` and the resolved objects
 * themselves. Nothing is read early: the SDK parses the body only when the
 * app asks (`then`, `withResponse`), and so does this. Reading it eagerly
 * would consume a body the app may want raw via `asResponse()`.
 *
 * `then`, `catch`, `finally` and `withResponse` pass the outcome to the
 * observer, then on unchanged; the app's own handlers run exactly as before,
 * and a rejection the app does not handle stays unhandled. Everything else is
 * the original method, bound to the original promise (its private fields
 * reject any other `this`).
 */
export function observeApiPromise<P>(promise: P, observer: ApiPromiseObserver): P {
  if (!isThenable(promise)) {
    // Not the SDK's promise (a stub, or a future SDK): the value is the answer itself.
    observer.onData(promise)
    return promise
  }
  const target = promise as ApiPromiseLike
  let parseStarted = false
  const report = (value: unknown): unknown => {
    observer.onData(value)
    return value
  }
  const reportError = (error: unknown): never => {
    observer.onError(error)
    throw error
  }
  const then = (onFulfilled?: Settle | null, onRejected?: Settle | null): Promise<unknown> => {
    parseStarted = true
    return Promise.resolve(
      target.then(
        (value) => (typeof onFulfilled === 'function' ? onFulfilled(report(value)) : report(value)),
        (error) => {
          observer.onError(error)
          if (typeof onRejected === 'function') return onRejected(error)
          throw error
        },
      ),
    )
  }
  // A Map, not an object literal: an object with a `then` member would itself be a thenable.
  const overrides = new Map<PropertyKey, unknown>([
    ['then', then],
    ['catch', (onRejected?: Settle | null) => then(undefined, onRejected)],
    ['finally', (onFinally?: (() => void) | null) => then().finally(onFinally)],
  ])
  const withResponse = target.withResponse
  if (typeof withResponse === 'function') {
    overrides.set('withResponse', () => {
      parseStarted = true
      return withResponse.call(target).then((result) => {
        report(result?.data)
        return result
      }, reportError)
    })
  }
  const asResponse = target.asResponse
  if (typeof asResponse === 'function') {
    overrides.set('asResponse', () =>
      asResponse.call(target).then((response) => {
        // As the SDK's own tracing does: a raw read before any parse may never be parsed.
        if (!parseStarted) observer.onRawResponse()
        return response
      }, reportError),
    )
  }
  return new Proxy(target, {
    get(object, property) {
      if (overrides.has(property)) return overrides.get(property)
      const value: unknown = Reflect.get(object, property)
      if (typeof value !== 'function' || property === 'constructor') return value
      return (value as (...args: unknown[]) => unknown).bind(object)
    },
  }) as P
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
