import type { VigilLogger } from '../logger.js'
import { ObservedIterator, type StreamHooks } from './observed-iterator.js'

export type { StreamHooks } from './observed-iterator.js'

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
      const inner = Reflect.apply(open, stream, []) as AsyncIterator<unknown>
      return new ObservedIterator(inner, hooks, logger, stream)
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
