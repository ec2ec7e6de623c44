import { type Attributes, type Context, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
} from './attributes.js'
import { CallReport } from './call-report.js'
import type { ContentKind, GenAiMessage } from './content-capture.js'
import {
  type CallContext,
  callContextAttributes,
  contextWithSpan,
  getCallContext,
  mergeCallContext,
  runInContext,
  vigilContext,
} from './context.js'
import { errorType } from './error-type.js'
import { getAttempt, setAttempt } from './fallback-attempt.js'
import { describeError, type VigilLogger } from './logger.js'
import type { LlmCall, LlmCallMeta } from './observe.js'
import type { TokenUsage } from './token-usage.js'
import type { TracePipeline } from './trace-pipeline.js'

// Provider wrappers import the message type from here.
export type { GenAiMessage } from './content-capture.js'

const DEFAULT_OPERATION = 'chat'
const MAX_STATUS_MESSAGE_LENGTH = 300
let warnedUninitialized = false

/**
 * The span behind one model call (`observe()` or a wrapped client). Every
 * method catches its own faults and logs them: recording must never change
 * what the app sees. The call carries the `withContext` values in force where
 * it starts, and takes part in the `withFallback` attempt it runs in.
 */
export class LlmCallRecorder<T> {
  readonly call: LlmCall
  private readonly report: CallReport
  private ended = false

  private constructor(
    private readonly meta: LlmCallMeta<T>,
    private readonly span: Span | undefined,
    private readonly logger: VigilLogger,
    private readonly pipeline?: TracePipeline,
    /** Set when a fallback attempt decides when the span ends (see FallbackAttempt). */
    private readonly endLater?: (endTime: number) => void,
  ) {
    this.report = new CallReport(logger)
    this.call = this.report.handle(
      (method, action) => this.guard(method, action),
      (kind, content) => this.recordMessages(kind, content),
    )
  }

  /** Starts the span; without a pipeline (no init) the recorder only keeps the call object working. */
  static start<T>(
    meta: LlmCallMeta<T>,
    pipeline: TracePipeline | undefined,
    logger: VigilLogger,
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
      if (typeof meta !== 'object' || meta === null) throw new TypeError('meta must be an object')
      const operation = text(meta.operation) ?? DEFAULT_OPERATION
      const model = text(meta.model)
      const scope = vigilContext()
      const span = pipeline.startSpan(model === undefined ? operation : `${operation} ${model}`, {
        kind: SpanKind.CLIENT,
        attributes: startAttributes(meta, operation, getCallContext(scope)),
      })
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
   * become its children and `getCurrentCallIds()` returns its ids. For `observe()`.
   */
  run<R>(fn: () => R): R {
    const { span, pipeline } = this
    if (span === undefined || pipeline === undefined) return fn()
    let inside: Context
    try {
      // Code inside a call is no longer directly in a fallback step: nested calls do not enlist.
      inside = setAttempt(contextWithSpan(span, pipeline.attached), undefined)
    } catch (error) {
      this.logger.error(`Could not make the model call the active span: ${describeError(error)}`)
      return fn()
    }
    return runInContext(inside, fn, pipeline.attached)
  }

  succeed(result: T): void {
    this.end(() => {
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

  fail(error: unknown): void {
    this.end(() => {
      this.span?.setAttribute(ATTR_ERROR_TYPE, errorType(error))
      const message = error instanceof Error ? error.message : String(error)
      this.span?.setStatus({
        code: SpanStatusCode.ERROR,
        message: message.slice(0, MAX_STATUS_MESSAGE_LENGTH),
      })
      return undefined
    })
  }

  /** Ends the span once; `outcome` runs only when a span exists (hooks are not called when not recording). */
  private end(outcome: () => TokenUsage | undefined): void {
    if (this.ended) return
    this.ended = true
    const span = this.span
    if (span === undefined) return
    try {
      span.setAttributes(this.report.endAttributes(this.meta.usage, outcome()))
    } catch (error) {
      this.logger.error(`Could not record the outcome of a model call: ${describeError(error)}`)
    }
    try {
      if (this.endLater === undefined) span.end()
      else this.endLater(performance.now())
    } catch (error) {
      this.logger.error(`Could not end the span of a model call: ${describeError(error)}`)
    }
  }

  private guard(method: string, action: () => void): void {
    try {
      if (this.ended) {
        this.logger.debug(
          `call.${method}() after the call finished is ignored; call it inside the observed function.`,
        )
        return
      }
      action()
    } catch (error) {
      this.logger.error(`call.${method}() failed: ${describeError(error)}`)
    }
  }
}

/** Start attributes: the GenAI ones, then the context's `vigil.*` values with the call's own winning. */
function startAttributes<T>(meta: LlmCallMeta<T>, operation: string, context: CallContext): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: operation }
  const provider = text(meta.provider)
  const model = text(meta.model)
  if (provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider
  if (model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model
  return { ...attributes, ...callContextAttributes(mergeCallContext(context, meta)) }
}

/** A non-empty string, or undefined: JavaScript callers can pass anything. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}
