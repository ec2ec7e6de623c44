import { ATTR_GEN_AI_REQUEST_MAX_TOKENS } from '../attributes.js'
import { responsesInputMessages } from './openai-messages.js'
import type { OpenAiOperation } from './openai-operation.js'
import { chatRequestAttributes, pickAttributes } from './openai-request-attributes.js'
import { responseReport } from './openai-responses-report.js'
import { ResponsesStreamObserver } from './openai-responses-stream.js'
import { isRecord } from './openai-usage.js'

/** `responses.create` (and `.parse`). A Responses API call is a chat in the GenAI conventions. */
export const responses: OpenAiOperation = {
  name: 'chat',

  requestAttributes(body) {
    return {
      ...chatRequestAttributes('responses', body, isRecord(body.text) ? body.text.format : undefined),
      ...pickAttributes(body, { max_output_tokens: ATTR_GEN_AI_REQUEST_MAX_TOKENS }),
    }
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
