import { describeError, type VigilLogger } from '../logger.js'

/** How a stream is followed; Vigil's faults inside these never reach the app. */
export interface StreamHooks {
  /** Sees each item before the app; false keeps it from the app. */
  onItem(item: unknown): boolean
  /** An iterator over the stream was opened (to track whether the app still holds it). */
  onOpen(iterator: object): void
  onEnd(): void
  onError(error: unknown): void
  /** The app stopped reading before the end (`break`, `return()`, a cancelled ReadableStream). */
  onAbandon(): void
}

type IteratorFactory = () => AsyncIterator<unknown>

/**
 * Instruments an openai `Stream` in place, so the app keeps its own object
 * (`controller`, `tee()`, `toReadableStream()`, `instanceof Stream`). The
 * Stream keeps its iterator factory in an `iterator` field that
 * `[Symbol.asyncIterator]()`, `tee()` and `toReadableStream()` all call, so
 * wrapping that field covers every way of reading. Should a future client
 * lack the field, `[Symbol.asyncIterator]` is shadowed instead, which covers
 * `for await` and `toReadableStream()` but not `tee()`.
 * Returns false when the value is not a stream it knows how to follow.
 */
export function instrumentStream(stream: unknown, hooks: StreamHooks, logger: VigilLogger): boolean {
  if (typeof stream !== 'object' || stream === null) return false
  const fields = stream as { iterator?: unknown; [Symbol.asyncIterator]?: unknown }
  const wrap =
    (open: IteratorFactory): IteratorFactory =>
    () => {
      const iterator = observeIterator(Reflect.apply(open, stream, []), hooks, logger)
      guard(logger, () => hooks.onOpen(iterator))
      return iterator
    }
  if (Object.hasOwn(stream, 'iterator') && typeof fields.iterator === 'function') {
    fields.iterator = wrap(fields.iterator as IteratorFactory)
    return true
  }
  if (typeof fields[Symbol.asyncIterator] === 'function') {
    const open = fields[Symbol.asyncIterator] as IteratorFactory
    Object.defineProperty(stream, Symbol.asyncIterator, {
      value: wrap(open),
      configurable: true,
      writable: true,
    })
    return true
  }
  return false
}

/**
 * The app's iterator: the client's own, step by step. The client's iterator
 * aborts the HTTP request when closed early, so an early stop is passed on
 * to it with `return()`; its errors reach the app unchanged.
 */
async function* observeIterator(
  inner: AsyncIterator<unknown>,
  hooks: StreamHooks,
  logger: VigilLogger,
): AsyncGenerator<unknown, unknown, undefined> {
  let innerDone = false
  try {
    for (;;) {
      let step: IteratorResult<unknown>
      try {
        step = await inner.next()
      } catch (error) {
        innerDone = true
        guard(logger, () => hooks.onError(error))
        throw error
      }
      if (step.done === true) {
        innerDone = true
        guard(logger, () => hooks.onEnd())
        return step.value
      }
      let deliver = true
      guard(logger, () => {
        deliver = hooks.onItem(step.value)
      })
      if (deliver) yield step.value
    }
  } finally {
    if (!innerDone) {
      guard(logger, () => hooks.onAbandon())
      await inner.return?.()
    }
  }
}

function guard(logger: VigilLogger, action: () => void): void {
  try {
    action()
  } catch (error) {
    logger.error(`Could not follow an OpenAI stream; the app's stream is unaffected: ${describeError(error)}`)
  }
}
