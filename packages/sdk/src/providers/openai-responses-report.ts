import type { Attributes } from '@opentelemetry/api'
import { ATTR_GEN_AI_RESPONSE_FINISH_REASONS, ATTR_GEN_AI_RESPONSE_ID } from '../attributes.js'
import { ATTR_OPENAI_RESPONSE_SERVICE_TIER } from './openai-attributes.js'
import { CONTENT_FILTER } from './openai-chat-report.js'
import { responsesOutputMessages } from './openai-messages.js'
import type { CallReport } from './openai-operation.js'
import { isRecord, responsesUsage } from './openai-usage.js'

/**
 * A Response object, plain or from a stream's final `response.completed` /
 * `response.incomplete` / `response.failed` event. The API has no finish
 * reason; it is derived the way Chat Completions would say it: `stop`,
 * `tool_calls`, `length` (max_output_tokens), `content_filter`.
 */
export function responseReport(result: unknown, keepContent: boolean): CallReport {
  const response = isRecord(result) ? result : {}
  const attributes: Attributes = {}
  if (typeof response.id === 'string') attributes[ATTR_GEN_AI_RESPONSE_ID] = response.id
  if (typeof response.service_tier === 'string') {
    attributes[ATTR_OPENAI_RESPONSE_SERVICE_TIER] = response.service_tier
  }
  const finishReason = finishReasonOf(response)
  if (finishReason !== undefined) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [finishReason]
  return {
    attributes,
    responseModel: typeof response.model === 'string' ? response.model : undefined,
    usage: responsesUsage(response.usage),
    output: keepContent ? responsesOutputMessages(response.output, finishReason) : [],
    failure: failureOf(response, finishReason),
  }
}

function finishReasonOf(response: Record<string, unknown>): string | undefined {
  if (response.status === 'completed') {
    const items = Array.isArray(response.output) ? response.output : []
    return items.some((item) => isRecord(item) && item.type === 'function_call') ? 'tool_calls' : 'stop'
  }
  if (response.status === 'incomplete') {
    const reason = isRecord(response.incomplete_details) ? response.incomplete_details.reason : undefined
    if (reason === 'max_output_tokens') return 'length'
    return typeof reason === 'string' ? reason : 'incomplete'
  }
  return typeof response.status === 'string' ? response.status : undefined
}

function failureOf(
  response: Record<string, unknown>,
  finishReason: string | undefined,
): CallReport['failure'] {
  if (finishReason === CONTENT_FILTER) {
    return { type: CONTENT_FILTER, message: 'The provider withheld the answer: content_filter.' }
  }
  if (response.status !== 'failed') return undefined
  const error = isRecord(response.error) ? response.error : {}
  return {
    type: typeof error.code === 'string' ? error.code : 'response_failed',
    message: typeof error.message === 'string' ? error.message : 'The response failed.',
  }
}
