import type { Attributes } from '@opentelemetry/api'
import { activePipeline, sdkLogger } from '../init.js'
import { LlmCallRecorder } from '../llm-call-recorder.js'
import { describeError, type VigilLogger } from '../logger.js'
import type { LlmCallMeta } from '../observe.js'
import type { ApiPromiseObserver } from './anthropic-api-promise.js'
import {
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_VIGIL_STREAM_ABANDONED,
} from './anthropic-attributes.js'
import { inputMessages, outputMessage, systemInstructions } from './anthropic-content.js'
import type { AnthropicEndpoint } from './anthropic-endpoint.js'
import { anthropicErrorType, errorForRecorder, INCOMPLETE_STREAM_ERROR_TYPE } from './anthropic-error-type.js'
import { observeEventStream, type StreamEnd } from './anthropic-stream.js'
import { StreamedMessage } from './anthropic-streamed-message.js'
import { anthropicTokenCounts } from './anthropic-usage.js'

/** The per-wrapper context of `observeAnthropic(client, context)`. */
export type AnthropicCallContext = Pick<
  LlmCallMeta,
  'useCase' | 'userId' | 'sessionId' | 'promptVersion' | 'tags'
>

/**
 * One `messages.create()` call as a span: the request when it starts, then
 * the answer however the app reads it (a Message, or a stream it iterates).
 * Every step is guarded: a fault here is logged and never reaches the app.
 */
export class AnthropicMessagesCall implements ApiPromiseObserver {
  /** The first outcome wins: the app may read one answer several times (`await` twice, `withResponse`). */
  private settled = false

  private constructor(
    private readonly recorder: LlmCallRecorder<unknown>,
    private readonly logger: VigilLogger,
    private readonly streamed: boolean,
  ) {}

  /** Starts the span; undefined before `init()` (or after `shutdown()`), when nothing is recorded. */
  static start(
    params: unknown,
    endpoint: AnthropicEndpoint,
    context: AnthropicCallContext,
  ): AnthropicMessagesCall | undefined {
    const pipeline = activePipeline()
    if (pipeline === undefined) return undefined
    const logger = sdkLogger()
    const request = asRecord(params)
    const model = typeof request.model === 'string' ? request.model : ''
    const meta = { ...context, provider: endpoint.provider, model, operation: 'chat' }
    const call = new AnthropicMessagesCall(
      LlmCallRecorder.start(meta, pipeline, logger),
      logger,
      request.stream === true,
    )
    call.guard('record the request', () => {
      call.recorder.setAttributes(requestAttributes(request, endpoint))
      if (!call.recorder.capturesContent) return
      const system = systemInstructions(request.system)
      if (system.length > 0) call.recorder.recordMessages('system', system)
      call.recorder.recordMessages('input', inputMessages(request.messages))
    })
    return call
  }

  onData(data: unknown): void {
    if (this.settle()) return
    let watched = false
    if (this.streamed) {
      this.guard('watch the stream', () => {
        const message = new StreamedMessage(this.recorder.capturesContent)
        watched = observeEventStream(data, {
          onEvent: (event) =>
            this.guard('read a stream event', () => {
              if (message.add(event)) this.recorder.call.markFirstChunk()
            }),
          onEnd: (end) => this.guard('record the end of the stream', () => this.finishStream(message, end)),
        })
      })
    }
    // A stream that cannot be watched still ends its span now, rather than never.
    if (!watched) this.finishMessage(data)
  }

  onError(error: unknown): void {
    if (this.settle()) return
    this.fail(error)
  }

  onRawResponse(): void {
    if (this.settle()) return
    this.recorder.succeed(undefined)
  }

  private finishMessage(message: unknown): void {
    // Guarded apart from the outcome below, so that the span ends even if reading the answer fails.
    this.guard('record the answer', () => {
      const fields = asRecord(message)
      this.recordAnswer(fields.id, fields.model, fields.stop_reason, fields.usage, fields.content)
    })
    this.recorder.succeed(message)
  }

  private finishStream(message: StreamedMessage, end: StreamEnd): void {
    this.guard('record the answer', () =>
      this.recordAnswer(message.id, message.model, message.stopReason, message.usage(), message.content()),
    )
    if (end.reason === 'failed') {
      this.fail(end.error)
    } else if (end.reason === 'canceled') {
      // Stopping after message_stop loses nothing: only an earlier stop leaves usage partial.
      if (!message.sawStop) this.recorder.setAttributes({ [ATTR_VIGIL_STREAM_ABANDONED]: true })
      this.recorder.succeed(undefined)
    } else if (message.sawStop) {
      this.recorder.succeed(undefined)
    } else {
      // The app's loop ends normally, yet the answer is cut: only the span can say so.
      const error = new Error('The stream ended before message_stop: the answer is incomplete.')
      this.recorder.fail(errorForRecorder(error, INCOMPLETE_STREAM_ERROR_TYPE))
    }
  }

  /** Response attributes, usage and content; `stop_reason: 'refusal'` is a finish reason, not an error. */
  private recordAnswer(id: unknown, model: unknown, stopReason: unknown, usage: unknown, content: unknown) {
    const attributes: Attributes = {}
    if (typeof id === 'string') attributes[ATTR_GEN_AI_RESPONSE_ID] = id
    if (typeof stopReason === 'string') attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [stopReason]
    const counts = anthropicTokenCounts(usage)
    if (counts.cacheCreationInputTokens !== undefined) {
      attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = counts.cacheCreationInputTokens
    }
    this.recorder.setAttributes(attributes)
    this.recorder.call.setUsage(counts.usage)
    if (typeof model === 'string') this.recorder.call.setResponseModel(model)
    if (this.recorder.capturesContent) {
      this.recorder.recordMessages('output', [outputMessage(content, stopReason)])
    }
  }

  private fail(error: unknown): void {
    this.guard('record the error', () =>
      this.recorder.fail(errorForRecorder(error, anthropicErrorType(error))),
    )
  }

  /** True when an outcome was already recorded. */
  private settle(): boolean {
    const already = this.settled
    this.settled = true
    return already
  }

  private guard(action: string, step: () => void): void {
    try {
      step()
    } catch (error) {
      this.logger.error(
        `Could not ${action} of an Anthropic call; the call itself is unaffected. ` +
          `Please report this Vigil bug: ${describeError(error)}`,
      )
    }
  }
}

function requestAttributes(request: Record<string, unknown>, endpoint: AnthropicEndpoint): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_REQUEST_STREAM]: request.stream === true }
  if (endpoint.address !== undefined) attributes[ATTR_SERVER_ADDRESS] = endpoint.address
  if (endpoint.port !== undefined) attributes[ATTR_SERVER_PORT] = endpoint.port
  const numbers: Array<[string, unknown]> = [
    [ATTR_GEN_AI_REQUEST_TEMPERATURE, request.temperature],
    [ATTR_GEN_AI_REQUEST_TOP_P, request.top_p],
    [ATTR_GEN_AI_REQUEST_TOP_K, request.top_k],
    [ATTR_GEN_AI_REQUEST_MAX_TOKENS, request.max_tokens],
  ]
  for (const [name, value] of numbers) {
    if (typeof value === 'number' && Number.isFinite(value)) attributes[name] = value
  }
  return attributes
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
