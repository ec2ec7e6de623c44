import { ATTR_VIGIL_STREAM_ABANDONED } from '../attributes.js'
import type { LlmCallRecorder } from '../llm-call-recorder.js'
import { describeError, type VigilLogger } from '../logger.js'
import { type ApiPromiseObserver, watchApiPromise } from './api-promise.js'
import { openAiErrorType } from './openai-error-type.js'
import type { CallReport, OpenAiOperation, StreamObserver } from './openai-operation.js'
import { instrumentStream, type StreamHooks } from './openai-stream.js'
import { isRecord } from './openai-usage.js'

const NOTHING: CallReport = { attributes: {} }

// A promise the app never awaits, or a stream it never reads to the end nor
// closes, would leave its span open (never exported) for good. When the app
// drops such an object, the garbage collector ends the span as abandoned, at
// the time the app last touched the call (made it, got the stream, read an
// item): the collection itself may come much later. The registry holds the
// ObservedCall, which never references the object.
const dropped = new FinalizationRegistry<ObservedCall>((call) => call.abandonDropped())

/**
 * One instrumented call and its span, from the request to the end of the
 * answer: a whole answer, a stream read to its end, an error, or an app that
 * stopped reading (or dropped the promise or stream). Ends the span once.
 */
export class ObservedCall implements ApiPromiseObserver, StreamHooks {
  #ended = false
  #answered = false
  /** Registered with `dropped` (a registration costs, so an unregistration is skipped when there is none). */
  #registered = false
  #observer: StreamObserver | undefined
  /** The stream's `controller.signal`: `abort()` makes the client's iterator end quietly, as if complete. */
  #signal: AbortSignal | undefined
  /** `performance.now()` when the app last touched the call: made it, got its answer, read a stream item. */
  #lastTouched = performance.now()

  /**
   * @param body the app's request body, as the app wrote it
   * @param hideUsageChunk Vigil asked for the stream's usage chunk itself (see `OpenAiOperation.prepare`)
   * @param args what the client's method is called with: the app's, with the prepared body
   */
  constructor(
    private readonly operation: OpenAiOperation,
    private readonly recorder: LlmCallRecorder<unknown>,
    private readonly body: Record<string, unknown>,
    private readonly hideUsageChunk: boolean,
    readonly args: unknown[],
    private readonly logger: VigilLogger,
  ) {}

  /**
   * Runs the client's method with this call's span active, so what the client
   * does for it (the HTTP request, its retries) happens inside the span: the
   * app's own HTTP spans nest under it when Vigil is attached to its provider.
   */
  run<R>(fn: () => R): R {
    return this.recorder.run(fn)
  }

  /**
   * Follows the client's result (an APIPromise) and returns what the app gets:
   * that very object, watched in place (see `watchApiPromise`).
   */
  watch(result: unknown): unknown {
    try {
      const handed = watchApiPromise(result, this, this.logger, 'OpenAI')
      if (handed === undefined) {
        this.end(NOTHING)
        return result
      }
      // An answer that is no promise was followed already (and registered, if a stream).
      if (!this.#answered && !this.#ended && isObject(handed)) this.#register(handed)
      return handed
    } catch (error) {
      this.#fault(error)
      return result
    }
  }

  /** For watchApiPromise: the parsed answer, a completion or a Stream. */
  onData(value: unknown): void {
    this.#onValue(value)
  }

  /** The request failed, or (for StreamHooks) the stream did: what the stream said so far is kept. */
  onError(error: unknown): void {
    this.end(this.#safeReport(), { error })
  }

  /** The app reads the raw response itself: the span ends with the headers, without usage. */
  onRawResponse(): void {
    this.end(NOTHING)
  }

  /** StreamHooks: each item, before the app sees it. */
  onItem(item: unknown): boolean {
    this.#lastTouched = performance.now()
    return this.#observer?.onItem(item) ?? true
  }

  onEnd(): void {
    if (this.#signal?.aborted === true) this.abandon()
    else this.end(this.#safeReport())
  }

  onAbandon(): void {
    this.abandon()
  }

  /** Ends a call whose promise or stream the garbage collector found dropped: at the app's last touch. */
  abandonDropped(): void {
    this.abandon(this.#lastTouched)
  }

  /**
   * Ends a call whose promise or stream the app let go of before it finished:
   * now (the app stopped reading), or at `endTime`, a `performance.now()`
   * reading, when the end is found later than it happened.
   */
  abandon(endTime?: number): void {
    if (this.#observer === undefined) {
      this.end(NOTHING, undefined, endTime)
      return
    }
    const report = this.#safeReport()
    this.end(
      { ...report, attributes: { ...report.attributes, [ATTR_VIGIL_STREAM_ABANDONED]: true } },
      undefined,
      endTime,
    )
  }

  /** Ends the span once: the answer's report, then success, or failure with `thrown.error` or the report's own. */
  end(report: CallReport, thrown?: { error: unknown }, endTime?: number): void {
    if (this.#ended) return
    this.#ended = true
    this.#unregister()
    const { recorder } = this
    try {
      recorder.setAttributes(report.attributes)
      if (report.responseModel !== undefined) recorder.setResponseModel(report.responseModel)
      if (report.usage !== undefined) recorder.setUsage(report.usage)
      if (report.output !== undefined && report.output.length > 0)
        recorder.recordMessages('output', report.output)
    } catch (fault) {
      this.logger.error(`Could not record the answer of an OpenAI call: ${describeError(fault)}`)
    }
    if (thrown !== undefined) {
      recorder.fail(thrown.error, { errorType: openAiErrorType(thrown.error), endTime })
    } else if (report.failure !== undefined) {
      recorder.fail(report.failure.message, { errorType: report.failure.type, endTime })
    } else recorder.succeed(undefined, { endTime })
  }

  #onValue(value: unknown): void {
    this.#answered = true
    this.#lastTouched = performance.now()
    this.recorder.linkResult(value)
    try {
      this.#unregister()
      const observer =
        this.body.stream === true
          ? this.operation.observeStream?.(this.recorder, {
              hideUsageChunk: this.hideUsageChunk,
              keepContent: this.recorder.capturesContent,
            })
          : undefined
      if (observer === undefined) {
        this.end(this.operation.report(value, this.body, this.recorder.capturesContent))
        return
      }
      this.#observer = observer
      this.#signal = abortSignalOf(value)
      // The iterators keep the stream alive while the app reads (see ObservedIterator), so the
      // stream's registration covers them too.
      const followed = instrumentStream(value, this, this.logger)
      if (followed) this.#register(value as object)
      else {
        this.logger.debug('An OpenAI stream had an unknown shape, so its span ends without usage.')
        this.end(NOTHING)
      }
    } catch (error) {
      this.#fault(error)
    }
  }

  #register(held: object): void {
    dropped.register(held, this, this)
    this.#registered = true
  }

  #unregister(): void {
    if (!this.#registered) return
    this.#registered = false
    dropped.unregister(this)
  }

  #safeReport(): CallReport {
    try {
      return this.#observer?.report() ?? NOTHING
    } catch (error) {
      this.logger.error(`Could not sum up an OpenAI stream: ${describeError(error)}`)
      return NOTHING
    }
  }

  #fault(error: unknown): void {
    this.logger.error(
      `Could not record an OpenAI call; the app's call is unaffected: ${describeError(error)}`,
    )
    this.end(NOTHING)
  }
}

/** The openai Stream's public `controller.signal`; holding it does not hold the stream. */
function abortSignalOf(stream: unknown): AbortSignal | undefined {
  const controller = isRecord(stream) ? stream.controller : undefined
  const signal = isRecord(controller) ? controller.signal : undefined
  return signal instanceof AbortSignal ? signal : undefined
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
}
