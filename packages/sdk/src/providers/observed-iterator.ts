import { describeError, type VigilLogger } from '../logger.js'

/** How a stream is followed; Vigil's faults inside these never reach the app. */
export interface StreamHooks {
  /** Sees each item before the app; false keeps it from the app. */
  onItem(item: unknown): boolean
  onEnd(): void
  onError(error: unknown): void
  /** The app stopped reading before the end (`break`, `return()`, a cancelled ReadableStream). */
  onAbandon(): void
}

const FINISHED: IteratorResult<unknown> = Object.freeze({ done: true, value: undefined })

/**
 * The app's iterator over a stream: the client's own, step by step, each item
 * shown to `hooks` first. It behaves as the async generator it replaces
 * (requests are served one at a time, in order; `return()` and `throw()`
 * before the first `next()` touch nothing; after the end every `next()` is
 * done), but costs one promise per item instead of an async generator's
 * several, which matters for streams of many small chunks. The client's
 * iterator aborts the HTTP request when closed early, so an early stop is
 * passed on to it with `return()`; its errors reach the app unchanged.
 */
export class ObservedIterator implements AsyncIterableIterator<unknown> {
  #started = false
  #done = false
  /** Requests accepted and not yet answered; one runs at a time, the others wait in `#waiting`. */
  #pending = 0
  readonly #waiting: Array<() => void> = []

  /**
   * @param owner the stream the iterator reads, kept alive as long as the iterator: the app may
   *   drop the stream while it reads (`tee()` does), and the stream is what tells Vigil, once
   *   garbage-collected, that the app let go of the call.
   */
  constructor(
    private readonly inner: AsyncIterator<unknown>,
    private readonly hooks: StreamHooks,
    private readonly logger: VigilLogger,
    readonly owner?: object,
  ) {}

  [Symbol.asyncIterator](): this {
    return this
  }

  next(): Promise<IteratorResult<unknown>> {
    return this.#request(() => this.#pull())
  }

  return(value?: unknown): Promise<IteratorResult<unknown>> {
    return this.#request(() => this.#close(() => ({ done: true, value })))
  }

  throw(error?: unknown): Promise<IteratorResult<unknown>> {
    return this.#request(() =>
      this.#close(() => {
        throw error
      }),
    )
  }

  #request(run: () => Promise<IteratorResult<unknown>>): Promise<IteratorResult<unknown>> {
    if (this.#pending++ === 0) return run()
    return new Promise((resolve, reject) => this.#waiting.push(() => run().then(resolve, reject)))
  }

  /** Called once per request, just before its answer settles: starts the next waiting one. */
  #answered(): void {
    this.#pending--
    this.#waiting.shift()?.()
  }

  #pull(): Promise<IteratorResult<unknown>> {
    if (this.#done) {
      this.#answered()
      return Promise.resolve(FINISHED)
    }
    this.#started = true
    let step: Promise<IteratorResult<unknown>>
    try {
      step = Promise.resolve(this.inner.next())
    } catch (error) {
      return Promise.reject(this.#failed(error))
    }
    return step.then(
      (result) => this.#step(result),
      (error: unknown) => {
        throw this.#failed(error)
      },
    )
  }

  #step(result: IteratorResult<unknown>): IteratorResult<unknown> | Promise<IteratorResult<unknown>> {
    if (result.done === true) {
      this.#done = true
      this.#guard(() => this.hooks.onEnd())
      this.#answered()
      return { done: true, value: result.value }
    }
    let deliver = true
    this.#guard(() => {
      deliver = this.hooks.onItem(result.value)
    })
    // An item kept from the app: the same request reads on.
    if (!deliver) return this.#pull()
    this.#answered()
    return { done: false, value: result.value }
  }

  #failed(error: unknown): unknown {
    this.#done = true
    this.#guard(() => this.hooks.onError(error))
    this.#answered()
    return error
  }

  /** `return()` and `throw()`: stop reading; a stream left before its end is abandoned, and closed. */
  #close(outcome: () => IteratorResult<unknown>): Promise<IteratorResult<unknown>> {
    if (!this.#started || this.#done) {
      this.#done = true
      this.#answered()
      return settle(outcome)
    }
    this.#done = true
    this.#guard(() => this.hooks.onAbandon())
    let closing: unknown
    try {
      closing = this.inner.return?.()
    } catch (error) {
      this.#answered()
      return Promise.reject(error)
    }
    return Promise.resolve(closing).then(
      () => {
        this.#answered()
        return outcome()
      },
      (error: unknown) => {
        this.#answered()
        throw error
      },
    )
  }

  #guard(action: () => void): void {
    try {
      action()
    } catch (error) {
      this.logger.error(
        `Could not follow an OpenAI stream; the app's stream is unaffected: ${describeError(error)}`,
      )
    }
  }
}

function settle(outcome: () => IteratorResult<unknown>): Promise<IteratorResult<unknown>> {
  try {
    return Promise.resolve(outcome())
  } catch (error) {
    return Promise.reject(error)
  }
}
