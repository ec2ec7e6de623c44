import type { Attributes } from '@opentelemetry/api'
import { ATTR_GEN_AI_RESPONSE_FINISH_REASONS, ATTR_GEN_AI_RESPONSE_ID } from '../attributes.js'
import type { GenAiMessage } from '../llm-call-recorder.js'
import type { TokenUsage } from '../token-usage.js'
import {
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
} from './openai-attributes.js'
import type { CallReport } from './openai-operation.js'

/** The parts of a chat answer Vigil records, whether it came whole or as chunks. */
export interface ChatAnswer {
  id: unknown
  model: unknown
  systemFingerprint: unknown
  serviceTier: unknown
  /** One per choice, in choice order; a choice without one (a cut stream) is left out. */
  finishReasons: string[]
  usage: TokenUsage | undefined
  output: GenAiMessage[]
}

export const CONTENT_FILTER = 'content_filter'

/**
 * A refusal by the provider's content filter (`finish_reason: content_filter`)
 * is recorded as an error of type `content_filter`: the call succeeded at the
 * HTTP level and the app gets the answer untouched, but the user got no usable
 * answer, and that is what error rates and alerts should count.
 */
export function chatAnswerReport(answer: ChatAnswer): CallReport {
  const attributes: Attributes = {}
  if (typeof answer.id === 'string') attributes[ATTR_GEN_AI_RESPONSE_ID] = answer.id
  if (answer.finishReasons.length > 0) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = answer.finishReasons
  if (typeof answer.systemFingerprint === 'string') {
    attributes[ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT] = answer.systemFingerprint
  }
  if (typeof answer.serviceTier === 'string')
    attributes[ATTR_OPENAI_RESPONSE_SERVICE_TIER] = answer.serviceTier
  const filtered = answer.finishReasons.includes(CONTENT_FILTER)
  return {
    attributes,
    responseModel: typeof answer.model === 'string' ? answer.model : undefined,
    usage: answer.usage,
    output: answer.output,
    failure: filtered
      ? { type: CONTENT_FILTER, message: 'The provider withheld the answer: finish_reason content_filter.' }
      : undefined,
  }
}
