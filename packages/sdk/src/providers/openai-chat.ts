import {
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
} from '../attributes.js'
import { chatAnswerReport } from './openai-chat-report.js'
import { ChatStreamObserver } from './openai-chat-stream.js'
import { chatInputMessages, chatOutputMessages } from './openai-messages.js'
import type { OpenAiOperation } from './openai-operation.js'
import { chatRequestAttributes, type Picks, pickAttributes } from './openai-request-attributes.js'
import { chatUsage, isRecord } from './openai-usage.js'

const CHAT_PICKS: Picks = [
  ['seed', ATTR_GEN_AI_REQUEST_SEED],
  ['frequency_penalty', ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY],
  ['presence_penalty', ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY],
]

/** `chat.completions.create` (and `.parse`, which answers the same shape). */
export const chatCompletions: OpenAiOperation = {
  name: 'chat',

  requestAttributes(body) {
    const attributes = pickAttributes(
      body,
      CHAT_PICKS,
      chatRequestAttributes('chat_completions', body, body.response_format),
    )
    // `max_tokens` is deprecated in favour of `max_completion_tokens`; both mean the output limit.
    const maxTokens = body.max_completion_tokens ?? body.max_tokens
    if (typeof maxTokens === 'number') attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = maxTokens
    const stop = typeof body.stop === 'string' ? [body.stop] : body.stop
    if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) {
      attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop
    }
    if (typeof body.n === 'number' && body.n !== 1) attributes[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = body.n
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
    if (!askForUsage || body.stream !== true || options.include_usage === true) return undefined
    return { body: { ...body, stream_options: { ...options, include_usage: true } }, hideUsageChunk: true }
  },

  report(result, _body, keepContent) {
    const completion = isRecord(result) ? result : {}
    const choices = Array.isArray(completion.choices) ? completion.choices : []
    const finishReasons: string[] = []
    for (const choice of choices) {
      if (isRecord(choice) && typeof choice.finish_reason === 'string')
        finishReasons.push(choice.finish_reason)
    }
    return chatAnswerReport({
      id: completion.id,
      model: completion.model,
      systemFingerprint: completion.system_fingerprint,
      serviceTier: completion.service_tier,
      finishReasons,
      usage: chatUsage(completion.usage),
      // Building messages is wasted work when content capture is off, as it is by default.
      output: keepContent ? chatOutputMessages(choices) : [],
    })
  },

  observeStream(call, options) {
    return new ChatStreamObserver(call, options)
  },
}
