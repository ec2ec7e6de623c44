import type { Attributes } from '@opentelemetry/api'
import type { GenAiMessage } from '../llm-call-recorder.js'
import type { LlmCall } from '../observe.js'
import type { TokenUsage } from '../token-usage.js'

/** What one answer (whole, or a stream's sum) says about the call, for the span. */
export interface CallReport {
  attributes: Attributes
  responseModel?: string | undefined
  usage?: TokenUsage | undefined
  output?: GenAiMessage[]
  /**
   * The API answered, but with no usable answer (a content-filter refusal, a
   * failed response): the span records it as an error of this type, while the
   * app still gets the answer as the provider sent it.
   */
  failure?: { type: string; message: string } | undefined
}

/** Follows one stream, item by item, before the app sees each item. */
export interface StreamObserver {
  /** Returns false to keep the item from the app (the usage chunk Vigil asked for itself). */
  onItem(item: unknown): boolean
  /** What the items seen so far say; called once, when the stream ends, fails or is abandoned. */
  report(): CallReport
}

export interface StreamObserverOptions {
  /** Vigil asked for the usage chunk itself, so the app must not see it. */
  hideUsageChunk: boolean
  /** Content capture is on: keep the streamed text for the output messages. */
  keepContent: boolean
}

/** The request as sent, and whether the stream's usage-only chunk is Vigil's to hide. */
export interface PreparedRequest {
  body: Record<string, unknown>
  hideUsageChunk: boolean
}

/** One instrumented OpenAI method (`chat.completions.create`, `responses.create`, `embeddings.create`). */
export interface OpenAiOperation {
  /** `gen_ai.operation.name` */
  name: 'chat' | 'embeddings'
  /** Request parameters as span attributes, read from the app's own body. */
  requestAttributes(body: Record<string, unknown>): Attributes
  /** The messages the request carries, for content capture. */
  inputMessages(body: Record<string, unknown>): { input: GenAiMessage[]; system: GenAiMessage[] }
  /** The body to send instead of the app's, or undefined to send it as is; only chat streams change it (to ask for usage). */
  prepare?(body: Record<string, unknown>, askForUsage: boolean): PreparedRequest | undefined
  /** A whole (non-streamed) answer; its output messages only when `keepContent` (content capture is on). */
  report(result: unknown, body: Record<string, unknown>, keepContent: boolean): CallReport
  /** A fresh observer for a streamed answer. */
  observeStream?(call: LlmCall, options: StreamObserverOptions): StreamObserver
}
