import { type Attributes, type Context, type Span, SpanKind } from '@opentelemetry/api'
import { type CallEnd, type CallFailure, validEndTime } from './call-end.js'
import { rememberCallIds } from './call-ids-of-result.js'
import { CallReport, callHandle } from './call-report.js'
import { callStart } from './call-start.js'
import type { ContentKind, GenAiMessage } from './content-capture.js'
import { type CallContext, contextWithSpan, getCallContext, runInContext, vigilContext } from './context.js'
import { getAttempt, setAttempt } from './fallback-attempt.js'
import { describeError, type VigilLogger } from './logger.js'
import type { LlmCall, LlmCallMeta } from './observe.js'
import { markFailed } from './span-failure.js'
import type { TokenUsage } from './token-usage.js'
import type { TracePipeline } from './trace-pipeline.js'

// Provider wrappers import the message type from here.
export type { GenAiMessage } from './content-capture.js'

let warnedUninitialized = false

/** Options of {@link LlmCallRecorder.start}. */
export interface RecorderOptions {
  /**
   * The context values of a wrapped client (`observeOpenAI(client, { useCase })`):
   * defaults that `withContext()` values and the call's own meta override.
   */
  clientContext?: CallContext
}

/**
 * The span behind one model call (`observe()` or a wrapped client). Every
 * method catches its own faults and logs them: recording must never change
 * what the app sees. The call carries the `withContext` values in force where
 * it starts, and takes part in the `withFallback` attempt it runs in.
 */
export class LlmCallRecorder<T> implements LlmCall {
  private readonly report: CallReport
  private ended = false
  private handle: LlmCall | undefined

  private constructor(
    private readonly meta: LlmCallMeta<T>,
    private readonly span: Span | undefined,
    private readonly logger: VigilLogger,
    private readonly pipeline?: TracePipeline,
    /** Set when a fallback attempt decides when the span ends (see FallbackAttempt). */
    private readonly endLater?: (endTime: number) => void,
  ) {
    this.report = new CallReport(logger)
  }

  /** The handle given to the app's function (see `callHandle`), made on first use: the wrappers never need it. */
  get call(): LlmCall {
    this.handle ??= callHandle(this)
    return this.handle
  }

  setUsage(usage: TokenUsage): void {
    if (this.open('setUsage')) this.report.addUsage(usage)
  }

  setResponseModel(model: string): void {
    if (this.open('setResponseModel')) this.report.setResponseModel(model)
  }

  markFirstChunk(): void {
    if (this.open('markFirstChunk')) this.report.markFirstChunk()
  }

  setCostUsd(costUsd: number): void {
    if (!this.open('setCostUsd')) return
    try {
      this.report.setCostUsd(costUsd)
    } catch (error) {
      this.logger.error(`call.setCostUsd() failed: ${describeError(error)}`)
    }
  }

  recordInput(content: string | readonly GenAiMessage[]): void {
    if (this.open('recordInput')) this.recordMessages('input', content)
  }

  recordOutput(content: string | readonly GenAiMessage[]): void {
    if (this.open('recordOutput')) this.recordMessages('output', content)
  }

  recordSystemInstructions(content: string | readonly GenAiMessage[]): void {
    if (this.open('recordSystemInstructions')) this.recordMessages('system', content)
  }

  /**
   * Starts the span; without a pipeline (no init) the recorder only keeps the
   * call object working. See `callStart` for how the client's, the scope's and
   * the call's own context values rank.
   */
  static start<T>(
    meta: LlmCallMeta<T>,
    pipeline: TracePipeline | undefined,
    logger: VigilLogger,
    options: RecorderOptions = {},
  ): LlmCallRecorder<T> {
    if (pipeline === undefined) {
      if (!warnedUninitialized) {
        warnedUninitialized = true
        logger.warn(
          'observe() ran before init() (or after shutdown()): model calls are not recorded until init().',
        )
      }
      return new LlmCallRecorder(meta, undefined, logger)
    }
    try {
      const scope = vigilContext()
      const { name, attributes } = callStart(meta, getCallContext(scope), options.clientContext)
      const span = pipeline.startSpan(name, { kind: SpanKind.CLIENT, attributes })
      return new LlmCallRecorder(meta, span, pipeline.logger, pipeline, getAttempt(scope)?.enlist(span))
    } catch (error) {
      pipeline.logger.error(
        `observe() could not start a span, so this call is not recorded: ${describeError(error)}`,
      )
      return new LlmCallRecorder(meta, undefined, pipeline.logger)
    }
  }

  /** Adds span attributes (request parameters, response id, server address…); for the provider wrappers. */
  setAttributes(attributes: Attributes): void {
    if (this.ended || this.span === undefined) return
    try {
      this.span.setAttributes(attributes)
    } catch (error) {
      this.logger.error(`Could not add attributes to a model call: ${describeError(error)}`)
    }
  }

  /** Whether {@link recordMessages} keeps anything, so a wrapper can skip building messages when capture is off. */
  get capturesContent(): boolean {
    return this.span !== undefined && this.pipeline?.content.enabled === true
  }

  /**
   * Records prompt or completion content (`gen_ai.input.messages`,
   * `gen_ai.output.messages`, `gen_ai.system_instructions`), redacted and
   * truncated. Capture is off by default, and while it is off this records
   * nothing. A string stands for one text message. Call it before the call ends.
   */
  recordMessages(kind: ContentKind, messages: readonly GenAiMessage[] | string): void {
    if (this.ended || this.span === undefined || this.pipeline === undefined) return
    try {
      const entry = this.pipeline.content.attribute(kind, messages)
      if (entry !== undefined) this.span.setAttribute(entry[0], entry[1])
    } catch (error) {
      this.logger.error(`Could not record the ${kind} content of a model call: ${describeError(error)}`)
    }
  }

  /**
   * Runs `fn` with this call as the innermost Vigil span: calls started inside
   * become its children and `getCurrentCallIds()` returns its ids; attached to
   * the app's provider, the app's own spans started inside (the HTTP request to
   * the model API…) become its children too. For `observe()`'s function, and
   * for the provider wrappers' call of the client method.
   */
  run<R>(fn: () => R): R {
    const { span, pipeline } = this
    if (span === undefined || pipeline === undefined) return fn()
    let inside: Context
    try {
      inside = contextWithSpan(span, pipeline.attached)
      // Code inside a call is no longer directly in a fallback step: nested calls do not enlist.
      if (getAttempt(inside) !== undefined) inside = setAttempt(inside, undefined)
    } catch (error) {
      this.logger.error(`Could not make the model call the active span: ${describeError(error)}`)
      return fn()
    }
    return runInContext(inside, fn, pipeline.attached)
  }

  /**
   * Remembers that `result` (the object the app gets: a completion, a stream…)
   * came from this call, for `getCallIds(result)`. For the provider wrappers;
   * `succeed` does it for `observe()`.
   */
  linkResult(result: unknown): void {
    if (this.span === undefined || typeof result !== 'object' || result === null) return
    try {
      const { traceId, spanId } = this.span.spanContext()
      rememberCallIds(result, { traceId, spanId })
    } catch (error) {
      this.logger.error(`Could not remember the ids of a model call's result: ${describeError(error)}`)
    }
  }

  /** Ends the span as a success; `meta.extractUsage` reads the usage from `result`. */
  succeed(result: T, end: CallEnd = {}): void {
    this.linkResult(result)
    this.end(end.endTime, () => {
      const extractUsage = this.meta.extractUsage
      if (typeof extractUsage !== 'function') return undefined
      try {
        return extractUsage(result)
      } catch (error) {
        this.logger.warn(
          `meta.extractUsage threw, so this call has no usage from it: ${describeError(error)}`,
        )
        return undefined
      }
    })
  }

  /**
   * Ends the span as a failure: `error.type` from `failure.errorType`, else
   * from the error (its HTTP status or class name), and the error's message
   * as the status. `error` may be a plain description for a failure that is
   * no exception (a content-filter refusal, a stream cut short).
   */
  fail(error: unknown, failure: CallFailure = {}): void {
    this.end(failure.endTime, (span) => {
      const given = failure.errorType
      markFailed(span, error, typeof given === 'string' && given !== '' ? given : undefined)
      return undefined
    })
  }

  /** Ends the span once; `outcome` runs only when a span exists (hooks are not called when not recording). */
  private end(endTime: number | undefined, outcome: (span: Span) => TokenUsage | undefined): void {
    if (this.ended) return
    this.ended = true
    const span = this.span
    if (span === undefined) return
    try {
      span.setAttributes(this.report.endAttributes(this.meta.usage, outcome(span)))
    } catch (error) {
      this.logger.error(`Could not record the outcome of a model call: ${describeError(error)}`)
    }
    try {
      const at = validEndTime(endTime)
      if (this.endLater === undefined) span.end(at)
      else this.endLater(at ?? performance.now())
    } catch (error) {
      this.logger.error(`Could not end the span of a model call: ${describeError(error)}`)
    }
  }

  /** False (and a debug line) once the call has ended: reports after the end are ignored. */
  private open(method: string): boolean {
    if (!this.ended) return true
    this.logger.debug(
      `call.${method}() after the call finished is ignored; call it inside the observed function.`,
    )
    return false
  }
}
