import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_VIGIL_STREAM_ABANDONED,
} from '../attributes.js'
import { activePipeline, sdkLogger } from '../init.js'
import { LlmCallRecorder } from '../llm-call-recorder.js'
import { describeError, type VigilLogger } from '../logger.js'
import type { LlmCallMeta } from '../observe.js'
import { inputMessages, outputMessage, systemInstructions } from './anthropic-content.js'
import type { AnthropicEndpoint } from './anthropic-endpoint.js'
import { anthropicErrorType, INCOMPLETE_STREAM_ERROR_TYPE } from './anthropic-error-type.js'
import { anthropicRequestAttributes } from './anthropic-request-attributes.js'
import { observeEventStream, type StreamEnd } from './anthropic-stream.js'
import { StreamedMessage } from './anthropic-streamed-message.js'
import { anthropicTokenCounts } from './anthropic-usage.js'
import type { ApiPromiseObserver } from './api-promise.js'

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
    const meta = { provider: endpoint.provider, model, operation: 'chat' }
    const call = new AnthropicMessagesCall(
      LlmCallRecorder.start(meta, pipeline, logger, { clientContext: context }),
      logger,
      request.stream === true,
    )
    call.guard('record the request', () => {
      call.recorder.setAttributes(anthropicRequestAttributes(request, endpoint))
      if (!call.recorder.capturesContent) return
      const system = systemInstructions(request.system)
      if (system.length > 0) call.recorder.recordMessages('system', system)
      call.recorder.recordMessages('input', inputMessages(request.messages))
    })
    return call
  }

  /**
   * Runs `create()` with this call's span active, so what the SDK does for it
   * (the HTTP request, its retries) happens inside the span: the app's own
   * HTTP spans nest under it when Vigil is attached to its provider.
   */
  run<R>(fn: () => R): R {
    return this.recorder.run(fn)
  }

  onData(data: unknown): void {
    if (this.settle()) return
    this.recorder.linkResult(data)
    let watched = false
    if (this.streamed) {
      this.guard('watch the stream', () => {
        const message = new StreamedMessage(this.recorder.capturesContent)
        watched = observeEventStream(data, {
          onEvent: (event) =>
            this.guard('read a stream event', () => {
              if (message.add(event)) this.recorder.markFirstChunk()
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
    this.endWithoutAnswer()
  }

  /** Ends the span without the answer, which Vigil does not get to see (raw response, unwatchable promise). */
  endWithoutAnswer(): void {
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
      this.recorder.fail('The stream ended before message_stop: the answer is incomplete.', {
        errorType: INCOMPLETE_STREAM_ERROR_TYPE,
      })
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
    this.recorder.setUsage(counts.usage)
    if (typeof model === 'string') this.recorder.setResponseModel(model)
    if (this.recorder.capturesContent) {
      this.recorder.recordMessages('output', [outputMessage(content, stopReason)])
    }
  }

  private fail(error: unknown): void {
    this.guard('record the error', () => this.recorder.fail(error, { errorType: anthropicErrorType(error) }))
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

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
