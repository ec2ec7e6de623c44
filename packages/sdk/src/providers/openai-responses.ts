import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_API_TYPE,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
} from './openai-attributes.js'
import { responsesInputMessages } from './openai-messages.js'
import { type OpenAiOperation, pickAttributes } from './openai-operation.js'
import { responseReport } from './openai-responses-report.js'
import { ResponsesStreamObserver } from './openai-responses-stream.js'
import { isRecord } from './openai-usage.js'

/** `responses.create` (and `.parse`). A Responses API call is a chat in the GenAI conventions. */
export const responses: OpenAiOperation = {
  name: 'chat',

  requestAttributes(body) {
    const attributes: Attributes = {
      [ATTR_OPENAI_API_TYPE]: 'responses',
      [ATTR_GEN_AI_REQUEST_STREAM]: body.stream === true,
      ...pickAttributes(body, {
        temperature: ATTR_GEN_AI_REQUEST_TEMPERATURE,
        top_p: ATTR_GEN_AI_REQUEST_TOP_P,
        max_output_tokens: ATTR_GEN_AI_REQUEST_MAX_TOKENS,
        service_tier: ATTR_OPENAI_REQUEST_SERVICE_TIER,
      }),
    }
    const text = isRecord(body.text) ? body.text : {}
    const format = isRecord(text.format) ? text.format.type : undefined
    if (typeof format === 'string') attributes[ATTR_GEN_AI_OUTPUT_TYPE] = format === 'text' ? 'text' : 'json'
    return attributes
  },

  inputMessages(body) {
    // `instructions` are given apart from the conversation: the conventions' system instructions.
    const system =
      typeof body.instructions === 'string' && body.instructions !== ''
        ? [{ role: 'system', parts: [{ type: 'text' as const, content: body.instructions }] }]
        : []
    return { input: responsesInputMessages(body.input), system }
  },

  report: responseReport,

  observeStream(call) {
    return new ResponsesStreamObserver(call)
  },
}
