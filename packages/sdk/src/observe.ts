import type { GenAiMessage } from './content-capture.js'
import type { CallContext } from './context.js'
import { activePipeline, sdkLogger } from './init.js'
import { LlmCallRecorder } from './llm-call-recorder.js'
import type { TokenUsage } from './token-usage.js'

/**
 * What {@link observe} records about a model call. `provider` and `model` are
 * required; everything else is optional and becomes a span attribute when set.
 * The {@link CallContext} fields (`useCase`, `userId`, `subjectId`…) win over
 * the same fields set by `withContext`; `tags` add to the context's.
 *
 * @example
 * ```ts
 * const meta: LlmCallMeta<ChatCompletion> = {
 *   provider: 'openai',
 *   model: 'gpt-4o',
 *   useCase: 'support-reply',
 *   userId: user.id,
 *   extractUsage: (res) => ({ inputTokens: res.usage?.prompt_tokens, outputTokens: res.usage?.completion_tokens }),
 * }
 * ```
 */
export interface LlmCallMeta<T = unknown> extends CallContext {
  /** `gen_ai.provider.name`: `openai`, `anthropic`, `aws.bedrock`, `gcp.gemini`, … */
  provider: string
  /** `gen_ai.request.model`: the model asked for. */
  model: string
  /** `gen_ai.operation.name`: `chat` (default), `text_completion`, `embeddings`, `generate_content`, … */
  operation?: string
  /** Usage known before the call; {@link LlmCall.setUsage} and `extractUsage` override it field by field. */
  usage?: TokenUsage
  /** Reads usage from the result after a successful call. If it throws, the call is recorded without it. */
  extractUsage?: (result: T) => TokenUsage | undefined
}

/**
 * Handed to the function {@link observe} wraps, to report what is known only
 * during or after the call. Its methods never throw.
 *
 * @example
 * ```ts
 * await observe({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, async (call) => {
 *   const stream = await anthropic.messages.stream(request)
 *   stream.once('text', () => call.markFirstChunk())
 *   const message = await stream.finalMessage()
 *   call.setResponseModel(message.model)
 *   call.setUsage({ inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens })
 *   call.recordInput(request.messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: String(m.content) }] })))
 *   call.recordOutput(message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''))
 *   return message
 * })
 * ```
 */
export interface LlmCall {
  /** Token counts; fields left undefined keep earlier values. Wins over `meta.usage` and `extractUsage`. */
  setUsage(usage: TokenUsage): void
  /** `gen_ai.response.model`: the exact model that answered. */
  setResponseModel(model: string): void
  /** Marks the first streamed chunk, for `gen_ai.response.time_to_first_chunk`; later calls are ignored. */
  markFirstChunk(): void
  /** `vigil.cost_usd`, when the app knows the cost itself (otherwise the collector prices the tokens). */
  setCostUsd(costUsd: number): void
  /**
   * The prompt, as text (one user message) or GenAI messages: kept in
   * `gen_ai.input.messages` only with `init({ captureContent: true })`, redacted first.
   */
  recordInput(content: string | readonly GenAiMessage[]): void
  /** The completion, as text (one assistant message) or messages; see {@link LlmCall.recordInput}. */
  recordOutput(content: string | readonly GenAiMessage[]): void
  /** System instructions given apart from the messages (`gen_ai.system_instructions`); see {@link LlmCall.recordInput}. */
  recordSystemInstructions(content: string | readonly GenAiMessage[]): void
}

/**
 * Runs a model call and records it as one OpenTelemetry GenAI span (kind
 * CLIENT, named `{operation} {model}`), with its duration, usage and outcome.
 * The function's result and error pass through untouched: same value, same
 * rejection. Recording never throws into the app; without {@link init} the
 * function simply runs unrecorded. Inside `fn` the call is the active span:
 * model calls made there become its children, and `getCurrentCallIds()`
 * returns its ids. It carries the values of the enclosing `withContext`.
 *
 * @example
 * ```ts
 * const completion = await observe(
 *   { provider: 'openai', model: 'gpt-4o', useCase: 'summarize' },
 *   async (call) => {
 *     const res = await openai.chat.completions.create({ model: 'gpt-4o', messages })
 *     call.setUsage({ inputTokens: res.usage?.prompt_tokens, outputTokens: res.usage?.completion_tokens })
 *     return res
 *   },
 * )
 * ```
 */
export function observe<T>(meta: LlmCallMeta<T>, fn: (call: LlmCall) => T | PromiseLike<T>): Promise<T> {
  const recorder = LlmCallRecorder.start(meta, activePipeline(), sdkLogger())
  let result: T | PromiseLike<T>
  try {
    result = recorder.run(() => fn(recorder.call))
  } catch (error) {
    recorder.fail(error)
    return Promise.reject(error)
  }
  // One reaction, not an async function's several awaits: each promise costs, more so under AsyncLocalStorage.
  return Promise.resolve(result).then(
    (value) => {
      recorder.succeed(value)
      return value
    },
    (error: unknown) => {
      recorder.fail(error)
      throw error
    },
  )
}
