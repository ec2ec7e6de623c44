import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_API_TYPE,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
} from './openai-attributes.js'
import { chatAnswerReport } from './openai-chat-report.js'
import { ChatStreamObserver } from './openai-chat-stream.js'
import { chatInputMessages, chatOutputMessages } from './openai-messages.js'
import { type OpenAiOperation, pickAttributes } from './openai-operation.js'
import { chatUsage, isRecord } from './openai-usage.js'

/** `chat.completions.create` (and `.parse`, which answers the same shape). */
export const chatCompletions: OpenAiOperation = {
  name: 'chat',

  requestAttributes(body) {
    const attributes: Attributes = {
      [ATTR_OPENAI_API_TYPE]: 'chat_completions',
      [ATTR_GEN_AI_REQUEST_STREAM]: body.stream === true,
      ...pickAttributes(body, {
        temperature: ATTR_GEN_AI_REQUEST_TEMPERATURE,
        top_p: ATTR_GEN_AI_REQUEST_TOP_P,
        seed: ATTR_GEN_AI_REQUEST_SEED,
        frequency_penalty: ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
        presence_penalty: ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
        service_tier: ATTR_OPENAI_REQUEST_SERVICE_TIER,
      }),
    }
    // `max_tokens` is deprecated in favour of `max_completion_tokens`; both mean the output limit.
    const maxTokens = body.max_completion_tokens ?? body.max_tokens
    if (typeof maxTokens === 'number') attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = maxTokens
    const stop = typeof body.stop === 'string' ? [body.stop] : body.stop
    if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) {
      attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop
    }
    if (typeof body.n === 'number' && body.n !== 1) attributes[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = body.n
    const format = isRecord(body.response_format) ? body.response_format.type : undefined
    if (typeof format === 'string') attributes[ATTR_GEN_AI_OUTPUT_TYPE] = format === 'text' ? 'text' : 'json'
    return attributes
  },

  inputMessages(body) {
    // System and developer messages are part of the chat history, so they stay in the input messages.
    return { input: chatInputMessages(body.messages), system: [] }
  },

  prepare(body, askForUsage) {
    // Without `include_usage` a chat stream reports no tokens at all, so Vigil asks for
    // them and hides the extra usage-only chunk from the app (see ChatStreamObserver).
    const options = isRecord(body.stream_options) ? body.stream_options : {}
    if (!askForUsage || body.stream !== true || options.include_usage === true) {
      return { body, hideUsageChunk: false }
    }
    return { body: { ...body, stream_options: { ...options, include_usage: true } }, hideUsageChunk: true }
  },

  report(result) {
    const completion = isRecord(result) ? result : {}
    const choices = Array.isArray(completion.choices) ? completion.choices.filter(isRecord) : []
    return chatAnswerReport({
      id: completion.id,
      model: completion.model,
      systemFingerprint: completion.system_fingerprint,
      serviceTier: completion.service_tier,
      finishReasons: choices.flatMap((c) => (typeof c.finish_reason === 'string' ? [c.finish_reason] : [])),
      usage: chatUsage(completion.usage),
      output: chatOutputMessages(choices),
    })
  },

  observeStream(call, options) {
    return new ChatStreamObserver(call, options)
  },
}
