import { type Attributes, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_VIGIL_COST_USD,
  ATTR_VIGIL_PROMPT_VERSION,
  ATTR_VIGIL_SESSION_ID,
  ATTR_VIGIL_TAGS,
  ATTR_VIGIL_USE_CASE,
  ATTR_VIGIL_USER_ID,
} from './attributes.js'
import { errorType } from './error-type.js'
import { describeError, type VigilLogger } from './logger.js'
import type { LlmCall, LlmCallMeta } from './observe.js'
import { mergeUsage, type TokenUsage, usageAttributes } from './token-usage.js'
import type { TracePipeline } from './trace-pipeline.js'

/** A message in the GenAI conventions' JSON shape: `{ role, parts: [{ type: 'text', content }…] }`. */
export interface GenAiMessage {
  role: string
  parts: Array<
    | { type: 'text'; content: string }
    | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
    | { type: 'tool_call_response'; id?: string; response: unknown }
  >
  finish_reason?: string
}

const DEFAULT_OPERATION = 'chat'
const MAX_STATUS_MESSAGE_LENGTH = 300
let warnedUninitialized = false

/**
 * The span behind one `observe()` call. Every method catches its own faults
 * and logs them: recording must never change what the app sees.
 */
export class LlmCallRecorder<T> {
  readonly call: LlmCall
  private readonly startedAt = performance.now()
  private readonly usageReports: TokenUsage[] = []
  private responseModel: string | undefined
  private firstChunkSeconds: number | undefined
  private costUsd: number | undefined
  private ended = false

  private constructor(
    private readonly meta: LlmCallMeta<T>,
    private readonly span: Span | undefined,
    private readonly logger: VigilLogger,
  ) {
    this.call = {
      setUsage: (usage) => this.guard('setUsage', () => this.usageReports.push(usage)),
      setResponseModel: (model) =>
        this.guard('setResponseModel', () => {
          this.responseModel = text(model) ?? this.responseModel
        }),
      markFirstChunk: () =>
        this.guard('markFirstChunk', () => {
          this.firstChunkSeconds ??= (performance.now() - this.startedAt) / 1000
        }),
      setCostUsd: (costUsd) =>
        this.guard('setCostUsd', () => {
          if (typeof costUsd === 'number' && Number.isFinite(costUsd) && costUsd >= 0) this.costUsd = costUsd
          else this.logger.warn(`call.setCostUsd(${String(costUsd)}) ignored: expected a number >= 0.`)
        }),
    }
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
      const span = pipeline.tracer.startSpan(model === undefined ? operation : `${operation} ${model}`, {
        kind: SpanKind.CLIENT,
        attributes: startAttributes(meta, operation),
      })
      pipeline.stats.spansStarted++
      return new LlmCallRecorder(meta, span, pipeline.logger)
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

  /**
   * Records prompt or completion content (GenAI `gen_ai.input.messages` /
   * `gen_ai.output.messages` / `gen_ai.system_instructions`). Content capture is
   * off by default, and while it is off this records nothing.
   */
  recordMessages(_kind: 'input' | 'output' | 'system', _messages: GenAiMessage[]): void {
    // Capture is opt-in (`captureContent`), and redaction must run before any text is kept.
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
      const extracted = outcome()
      // Precedence: what the app reported explicitly beats what a hook derived, which beats meta.usage.
      const { usage, invalid } = mergeUsage([this.meta.usage, extracted, ...this.usageReports])
      if (invalid.length > 0) this.logger.warn(`Ignored invalid token counts: ${invalid.join(', ')}.`)
      span.setAttributes(this.endAttributes(usage))
    } catch (error) {
      this.logger.error(`Could not record the outcome of a model call: ${describeError(error)}`)
    }
    try {
      span.end()
    } catch (error) {
      this.logger.error(`Could not end the span of a model call: ${describeError(error)}`)
    }
  }

  private endAttributes(usage: TokenUsage): Attributes {
    const attributes: Attributes = usageAttributes(usage)
    if (this.responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = this.responseModel
    if (this.firstChunkSeconds !== undefined) {
      attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = this.firstChunkSeconds
    }
    if (this.costUsd !== undefined) attributes[ATTR_VIGIL_COST_USD] = this.costUsd
    return attributes
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

function startAttributes<T>(meta: LlmCallMeta<T>, operation: string): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: operation }
  const set = (key: string, value: unknown): void => {
    const valid = text(value)
    if (valid !== undefined) attributes[key] = valid
  }
  set(ATTR_GEN_AI_PROVIDER_NAME, meta.provider)
  set(ATTR_GEN_AI_REQUEST_MODEL, meta.model)
  set(ATTR_VIGIL_USE_CASE, meta.useCase)
  set(ATTR_VIGIL_USER_ID, meta.userId)
  set(ATTR_VIGIL_SESSION_ID, meta.sessionId)
  set(ATTR_VIGIL_PROMPT_VERSION, meta.promptVersion)
  if (Array.isArray(meta.tags)) {
    const tags = meta.tags.filter((tag): tag is string => typeof tag === 'string' && tag !== '')
    if (tags.length > 0) attributes[ATTR_VIGIL_TAGS] = tags
  }
  return attributes
}

/** A non-empty string, or undefined: JavaScript callers can pass anything. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}
