import { activePipeline, sdkLogger } from '../init.js'
import { LlmCallRecorder } from '../llm-call-recorder.js'
import { describeError, type VigilLogger } from '../logger.js'
import type { LlmCallMeta } from '../observe.js'
import { watchApiPromise } from './openai-api-promise.js'
import { ATTR_VIGIL_STREAM_ABANDONED } from './openai-attributes.js'
import type { CallSettings } from './openai-call.js'
import { describeEndpoint } from './openai-endpoint.js'
import { failureFor, namedError } from './openai-error-type.js'
import type { CallReport, OpenAiOperation, StreamObserver } from './openai-operation.js'
import { instrumentStream } from './openai-stream.js'
import { isRecord } from './openai-usage.js'

const NOTHING: CallReport = { attributes: {} }

// A promise the app never awaits, or a stream it never reads to the end nor
// closes, would leave its span open (never exported) for good. When the app
// drops such an object, the garbage collector ends the span as abandoned.
// The registry holds the ObservedCall, which never references the object.
const dropped = new FinalizationRegistry<ObservedCall>((call) => call.abandon())

/**
 * One instrumented call and its span, from the request to the end of the
 * answer: a whole answer, a stream read to its end, an error, or an app that
 * stopped reading (or dropped the promise or stream). Ends the span once.
 */
export class ObservedCall {
  #ended = false
  #observer: StreamObserver | undefined

  private constructor(
    private readonly operation: OpenAiOperation,
    private readonly recorder: LlmCallRecorder<unknown>,
    private readonly body: Record<string, unknown>,
    private readonly hideUsageChunk: boolean,
    readonly args: unknown[],
    private readonly logger: VigilLogger,
  ) {}

  static start(
    operation: OpenAiOperation,
    args: unknown[],
    settings: CallSettings,
  ): ObservedCall | undefined {
    const logger = sdkLogger()
    try {
      const body = args[0]
      // Not a request the client can send: let it reject it, unrecorded.
      if (!isRecord(body)) return undefined
      const endpoint = describeEndpoint(settings.baseURL())
      const attributes = { ...endpoint.attributes, ...operation.requestAttributes(body) }
      const prepared = operation.prepare?.(body, settings.askForStreamUsage) ?? {
        body,
        hideUsageChunk: false,
      }
      const meta: LlmCallMeta = {
        ...settings.context,
        provider: settings.provider ?? endpoint.provider,
        model: typeof body.model === 'string' ? body.model : '',
        operation: operation.name,
      }
      const recorder = LlmCallRecorder.start(meta, activePipeline(), logger)
      recorder.setAttributes(attributes)
      // Messages are built only when content capture keeps them: prompts can be large.
      if (recorder.capturesContent) {
        const messages = operation.inputMessages(body)
        if (messages.system.length > 0) recorder.recordMessages('system', messages.system)
        if (messages.input.length > 0) recorder.recordMessages('input', messages.input)
      }
      const sent = prepared.body === body ? args : [prepared.body, ...args.slice(1)]
      return new ObservedCall(operation, recorder, body, prepared.hideUsageChunk, sent, logger)
    } catch (error) {
      logger.error(`Could not start recording an OpenAI call; it runs unrecorded: ${describeError(error)}`)
      return undefined
    }
  }

  /** Follows the client's result (an APIPromise) without changing what the app gets. */
  watch(result: unknown): void {
    try {
      const thenable = isObject(result) && typeof (result as PromiseLike<unknown>).then === 'function'
      if (!thenable) {
        this.#onValue(result)
        return
      }
      const hooks = {
        onValue: (value: unknown) => this.#onValue(value),
        onError: (error: unknown) => this.end(NOTHING, { error }),
        // The app reads the raw response itself: the span ends with the headers, without usage.
        onRawResponse: () => this.end(NOTHING),
      }
      if (watchApiPromise(result as PromiseLike<unknown>, hooks, this.logger)) {
        dropped.register(result, this, this)
      } else this.end(NOTHING)
    } catch (error) {
      this.#fault(error)
    }
  }

  /** Ends a call whose promise or stream the app let go of before it finished. */
  abandon(): void {
    if (this.#observer === undefined) {
      this.end(NOTHING)
      return
    }
    const report = this.#safeReport()
    this.end({ ...report, attributes: { ...report.attributes, [ATTR_VIGIL_STREAM_ABANDONED]: true } })
  }

  /** Ends the span once: the answer's report, then success, or failure with `thrown.error` or the report's own. */
  end(report: CallReport, thrown?: { error: unknown }): void {
    if (this.#ended) return
    this.#ended = true
    dropped.unregister(this)
    const { recorder } = this
    try {
      recorder.setAttributes(report.attributes)
      if (report.responseModel !== undefined) recorder.call.setResponseModel(report.responseModel)
      if (report.usage !== undefined) recorder.call.setUsage(report.usage)
      if (report.output !== undefined && report.output.length > 0)
        recorder.recordMessages('output', report.output)
    } catch (fault) {
      this.logger.error(`Could not record the answer of an OpenAI call: ${describeError(fault)}`)
    }
    if (thrown !== undefined) recorder.fail(failureFor(thrown.error))
    else if (report.failure !== undefined)
      recorder.fail(namedError(report.failure.type, report.failure.message))
    else recorder.succeed(undefined)
  }

  #onValue(value: unknown): void {
    try {
      dropped.unregister(this)
      const observer =
        this.body.stream === true
          ? this.operation.observeStream?.(this.recorder.call, {
              hideUsageChunk: this.hideUsageChunk,
              keepContent: this.recorder.capturesContent,
            })
          : undefined
      if (observer === undefined) {
        this.end(this.operation.report(value, this.body))
        return
      }
      this.#observer = observer
      // `stream.controller.abort()` makes the client's iterator end quietly, as if complete.
      const signal = abortSignalOf(value)
      const followed = instrumentStream(
        value,
        {
          onItem: (item) => observer.onItem(item),
          // From here on the iterator, not the Stream object, is what the app holds while reading (tee() drops the Stream).
          onOpen: (iterator) => {
            dropped.unregister(this)
            if (!this.#ended) dropped.register(iterator, this, this)
          },
          onEnd: () => (signal?.aborted === true ? this.abandon() : this.end(this.#safeReport())),
          onError: (error) => this.end(this.#safeReport(), { error }),
          onAbandon: () => this.abandon(),
        },
        this.logger,
      )
      if (followed) dropped.register(value as object, this, this)
      else {
        this.logger.debug('An OpenAI stream had an unknown shape, so its span ends without usage.')
        this.end(NOTHING)
      }
    } catch (error) {
      this.#fault(error)
    }
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
