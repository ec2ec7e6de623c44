import { describeError, type VigilLogger } from '../logger.js'
import { type Method, Watch, WatchSlot } from './promise-watch.js'

/** Told how the app's read of an API promise turned out: one of the three, at most once. */
export interface ApiPromiseObserver {
  /** The parsed answer: a completion or message, or the client's `Stream` for `stream: true`. */
  onData(data: unknown): void
  /** The very error the app gets: HTTP error, timeout, lost connection, unparsable body. */
  onError(error: unknown): void
  /** The app took the raw `Response` (`asResponse()`) before any parse: the body is the app's alone. */
  onRawResponse(): void
}

const SHADOWED = ['then', 'catch', 'finally', 'withResponse', 'asResponse'] as const

interface Shadows {
  /** A child of the promise class's prototype with the shadowing methods. */
  prototype: object
  methods: Record<(typeof SHADOWED)[number], Method>
}

/** Per prototype of the clients' promises (APIPromise): made once, shared by every promise of that class. */
const shadowsByPrototype = new WeakMap<object, Shadows>()

/**
 * Watches the `APIPromise` of the `openai` or `@anthropic-ai/sdk` client
 * (both clients share that Stainless-generated class) without replacing it:
 * the app gets the very object the client returned (`instanceof APIPromise`,
 * its helpers, its lazy parsing), with `then`/`catch`/`finally`,
 * `withResponse()` and `asResponse()` shadowed by methods that call the
 * originals and tell `observer` the outcome. The app's handlers see the same
 * values and errors as without Vigil, and a rejection it leaves unhandled
 * stays unhandled. Nothing is read before the app asks: the client parses the
 * body only on demand, and `asResponse()` needs it left unread.
 *
 * The shadowing methods live on a child of the promise's prototype, made once
 * per class, and the promise is re-parented to it: defining five own methods
 * on every promise cost several microseconds per call. A promise that already
 * has own properties of those names gets them as own properties instead.
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
  const defined: string[] = []
  // Watching must never throw into the app: any fault leaves the promise as it was.
  try {
    if (!isThenable(promise)) {
      const answer = promise as unknown as object
      new Watch(answer, noop, undefined, undefined, observer, logger, provider).reportData(promise)
      return promise
    }
    const target = promise as object & Record<string, unknown>
    const originalThen = target.then as Method
    // `await` reads a plain Promise without calling its `then`: only a chained promise sees the outcome.
    if (target.constructor === Promise) {
      const watch = new Watch(target, originalThen, undefined, undefined, observer, logger, provider)
      return watch.watched() as P
    }
    const base = Object.getPrototypeOf(target) as object | null
    const shadows = shadowsOf(base ?? Object.prototype)
    WatchSlot.set(
      target,
      new Watch(target, originalThen, target.withResponse, target.asResponse, observer, logger, provider),
    )
    if (base !== null && !hasOwnShadowed(target)) {
      if (!Reflect.setPrototypeOf(target, shadows.prototype))
        throw new TypeError('the promise cannot be extended')
      return promise
    }
    for (const key of SHADOWED) {
      if (key !== 'then' && typeof target[key] !== 'function') continue
      const value = shadows.methods[key]
      Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable: false })
      defined.push(key)
    }
    return promise
  } catch (error) {
    logger.error(
      `Could not watch an ${provider} call, so it is recorded without its answer: ${describeError(error)}`,
    )
    if (isObject(promise)) WatchSlot.set(promise, undefined)
    for (const key of defined) Reflect.deleteProperty(promise as object, key)
    return undefined
  }
}

/** The shadowing methods for promises whose prototype is `base` (see watchApiPromise). */
function shadowsOf(base: object): Shadows {
  const known = shadowsByPrototype.get(base)
  if (known !== undefined) return known
  // For a `this` that is not a watched promise (an object inheriting from one), the class's own method.
  const unwatched = (self: unknown, key: string, args: unknown[]) =>
    Reflect.apply(Reflect.get(base, key) as Method, self, args)
  const methods: Record<(typeof SHADOWED)[number], Method> = {
    // biome-ignore lint/suspicious/noThenProperty: shadowing the promise's own then is the point
    then(onFulfilled, onRejected) {
      const watch = WatchSlot.get(this)
      if (watch === undefined) return unwatched(this, 'then', [onFulfilled, onRejected])
      watch.parseStarted = true
      return watch.thenReporting(this, onFulfilled, onRejected)
    },
    catch(onRejected) {
      const watch = WatchSlot.get(this)
      if (watch === undefined) return unwatched(this, 'catch', [onRejected])
      watch.parseStarted = true
      return watch.thenReporting(this, undefined, onRejected)
    },
    finally(onFinally) {
      const watch = WatchSlot.get(this)
      if (watch === undefined) return unwatched(this, 'finally', [onFinally])
      watch.parseStarted = true
      return watch.watched().finally(onFinally as never)
    },
    withResponse() {
      const watch = WatchSlot.get(this)
      if (watch === undefined) return unwatched(this, 'withResponse', [])
      watch.parseStarted = true
      watch.insideWithResponse = true
      let pending: PromiseLike<{ data?: unknown }>
      try {
        pending = Reflect.apply(watch.originalWithResponse as Method, this, []) as typeof pending
      } finally {
        watch.insideWithResponse = false
      }
      return Promise.resolve(pending).then(
        (result) => {
          watch.reportData(result?.data)
          return result
        },
        (error: unknown) => watch.rethrow(error),
      )
    },
    asResponse() {
      const watch = WatchSlot.get(this)
      if (watch === undefined) return unwatched(this, 'asResponse', [])
      const pending = Reflect.apply(watch.originalAsResponse as Method, this, []) as PromiseLike<unknown>
      if (watch.insideWithResponse) return pending
      return Promise.resolve(pending).then(
        (response) => {
          // As the clients' own tracing does: a raw read before any parse may never be parsed.
          if (!watch.parseStarted) watch.reportRawResponse()
          return response
        },
        (error: unknown) => watch.rethrow(error),
      )
    },
  }
  const descriptors: PropertyDescriptorMap = {}
  for (const key of SHADOWED) {
    if (key !== 'then' && typeof Reflect.get(base, key) !== 'function') continue
    descriptors[key] = { value: methods[key], configurable: true, writable: true, enumerable: false }
  }
  const shadows = { prototype: Object.create(base, descriptors) as object, methods }
  shadowsByPrototype.set(base, shadows)
  return shadows
}

function noop(): void {}

function hasOwnShadowed(target: object): boolean {
  for (const key of SHADOWED) if (Object.hasOwn(target, key)) return true
  return false
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return isObject(value) && typeof (value as { then?: unknown }).then === 'function'
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' || typeof value === 'function') && value !== null
}
