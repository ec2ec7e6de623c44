/** How the app's read of a stream ended. */
export type StreamEnd =
  | { reason: 'completed' }
  /** The app stopped early: `break`, `return()`, a cancelled ReadableStream, or an abort. */
  | { reason: 'canceled' }
  | { reason: 'failed'; error: unknown }

/** Told about every event the app reads, then once about the end. Must not throw. */
export interface StreamObserver {
  onEvent(event: unknown): void
  onEnd(end: StreamEnd): void
}

/**
 * Watches the app's read of an `@anthropic-ai/sdk` `Stream` without replacing
 * it: the app keeps the very object the SDK returned, with its `controller`,
 * `tee()` and `toReadableStream()`. Only its `[Symbol.asyncIterator]` is
 * shadowed by an own property that wraps the original; `tee()` and
 * `toReadableStream()` read the stream through that same method, so they are
 * watched too. Events pass through unchanged and in order; errors are
 * rethrown as the same object.
 *
 * The read ends when the iterator is done, throws, or is closed early
 * (`return()`, which `for await … break` calls). A stream the app never reads
 * ends only if its request is aborted (`stream.controller.abort()`): until
 * then nothing is known about it, so the observer is not told. The abort
 * listener keeps only the observer, never the stream, so an unread stream is
 * still garbage-collected with whatever it holds.
 *
 * Returns false, changing nothing, when the value is not such a stream.
 */
export function observeEventStream(stream: unknown, observer: StreamObserver): boolean {
  if (typeof stream !== 'object' || stream === null) return false
  const iterable = stream as AsyncIterable<unknown> & { controller?: unknown }
  // Unbound: the function is shared by the prototype, so holding it does not hold this stream.
  const iterate = iterable[Symbol.asyncIterator]
  if (typeof iterate !== 'function') return false
  const signal = abortSignalOf(iterable.controller)
  if (signal?.aborted) {
    observer.onEnd({ reason: 'canceled' })
    return true
  }

  let ended = false
  const end = (how: StreamEnd): void => {
    if (ended) return
    ended = true
    signal?.removeEventListener('abort', onAbort)
    observer.onEnd(how)
  }
  const onAbort = (): void => end({ reason: 'canceled' })
  let observed = false
  const observedIterate = function (this: unknown): AsyncIterator<unknown> {
    const source = iterate.call(this) as AsyncIterator<unknown>
    // The SDK refuses a second read itself; only the first one is the call's answer.
    if (observed) return source
    observed = true
    // From here the iterator sees every way the read ends. The SDK also aborts its own
    // controller when a read fails or is closed, which must not count as the app's abort.
    signal?.removeEventListener('abort', onAbort)
    return watchIterator(source, signal, observer, end, () => ended)
  }
  Object.defineProperty(stream, Symbol.asyncIterator, {
    value: observedIterate,
    writable: true,
    configurable: true,
    enumerable: false,
  })
  signal?.addEventListener('abort', onAbort, { once: true })
  return true
}

function watchIterator(
  source: AsyncIterator<unknown>,
  signal: AbortSignal | undefined,
  observer: StreamObserver,
  end: (how: StreamEnd) => void,
  isEnded: () => boolean,
): AsyncIterableIterator<unknown> {
  const iterator: AsyncIterableIterator<unknown> = {
    async next(...args: [] | [unknown]) {
      let result: IteratorResult<unknown>
      try {
        result = await source.next(...args)
      } catch (error) {
        end({ reason: 'failed', error })
        throw error
      }
      // The SDK's stream finishes quietly when its request is aborted mid-read.
      if (result.done) end({ reason: signal?.aborted ? 'canceled' : 'completed' })
      else if (!isEnded()) observer.onEvent(result.value)
      return result
    },
    async return(value?: unknown) {
      end({ reason: 'canceled' })
      return (await source.return?.(value)) ?? { done: true, value }
    },
    async throw(error?: unknown) {
      end({ reason: 'canceled' })
      if (source.throw) return source.throw(error)
      throw error
    },
    [Symbol.asyncIterator]: () => iterator,
  }
  return iterator
}

/** The stream's abort signal; duck-typed, as the SDK may run with a polyfilled AbortController. */
function abortSignalOf(controller: unknown): AbortSignal | undefined {
  const signal = (controller as { signal?: Partial<AbortSignal> } | undefined)?.signal
  const usable = typeof signal?.aborted === 'boolean' && typeof signal.addEventListener === 'function'
  return usable ? (signal as AbortSignal) : undefined
}
