import { describeError, type VigilLogger } from '../logger.js'
import type { ApiPromiseObserver } from './api-promise.js'

/** A method of the watched promise, called with the promise as `this`. */
export type Method = (this: unknown, ...args: unknown[]) => unknown

/** What the shadowing methods of each watched promise need; found by `this`, so the methods are shared. */
export class Watch {
  private settled = false
  private observed: Promise<unknown> | undefined
  /** A raw read after a parse has started leaves the outcome to that parse. */
  parseStarted = false
  /** APIPromise.withResponse() calls this.asResponse() synchronously; that inner call is not the app's. */
  insideWithResponse = false

  constructor(
    private readonly target: object,
    private readonly originalThen: Method,
    readonly originalWithResponse: unknown,
    readonly originalAsResponse: unknown,
    private readonly observer: ApiPromiseObserver,
    private readonly logger: VigilLogger,
    private readonly provider: string,
  ) {}

  reportData(data: unknown): void {
    if (this.settled) return
    this.settled = true
    try {
      this.observer.onData(data)
    } catch (error) {
      this.fault(error)
    }
  }

  reportError(error: unknown): void {
    if (this.settled) return
    this.settled = true
    try {
      this.observer.onError(error)
    } catch (fault) {
      this.fault(fault)
    }
  }

  reportRawResponse(): void {
    if (this.settled) return
    this.settled = true
    try {
      this.observer.onRawResponse()
    } catch (error) {
      this.fault(error)
    }
  }

  /**
   * The original `then`, with the outcome reported before the app's handlers
   * run. The app's handlers are wrapped rather than chained, so reading the
   * answer creates no promise beyond the one it creates without Vigil: every
   * promise costs, more so under AsyncLocalStorage. A rejection the app leaves
   * unhandled stays unhandled.
   */
  thenReporting(self: unknown, onFulfilled: unknown, onRejected: unknown): unknown {
    return Reflect.apply(this.originalThen, self, [
      (data: unknown) => {
        this.reportData(data)
        return typeof onFulfilled === 'function' ? onFulfilled(data) : data
      },
      (error: unknown) => {
        this.reportError(error)
        if (typeof onRejected === 'function') return onRejected(error)
        throw error
      },
    ])
  }

  /** The outcome as a promise of its own, for `finally()` and plain promises. */
  watched(): Promise<unknown> {
    this.observed ??= Promise.resolve(this.thenReporting(this.target, undefined, undefined))
    return this.observed
  }

  rethrow(error: unknown): never {
    this.reportError(error)
    throw error
  }

  private fault(error: unknown): void {
    this.logger.error(`Could not record the outcome of an ${this.provider} call: ${describeError(error)}`)
  }
}

/**
 * Gives any object a private slot: a base class whose constructor returns the
 * object it is given lets the subclass add its private field to that object.
 * Invisible to the app (no property, not even a symbol), and cheap: a WeakMap
 * keyed by short-lived promises made every young-generation GC slower (its
 * ephemerons kept whole response graphs alive for an extra collection),
 * costing more than everything else Vigil does per call.
 */
class Adopt {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: returning the target is how the slot is added to it
    return target
  }
}

export class WatchSlot extends Adopt {
  #watch: Watch | undefined

  static set(target: object, watch: Watch | undefined): void {
    if (!(#watch in target)) new WatchSlot(target)
    ;(target as WatchSlot).#watch = watch
  }

  static get(target: unknown): Watch | undefined {
    return typeof target === 'object' && target !== null && #watch in target
      ? (target as WatchSlot).#watch
      : undefined
  }
}
