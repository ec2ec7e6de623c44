import { ATTR_GEN_AI_REQUEST_MAX_TOKENS } from '../attributes.js'
import { responsesInputMessages } from './openai-messages.js'
import type { OpenAiOperation } from './openai-operation.js'
import { chatRequestAttributes, type Picks, pickAttributes } from './openai-request-attributes.js'
import { responseReport } from './openai-responses-report.js'
import { ResponsesStreamObserver } from './openai-responses-stream.js'
import { isRecord } from './openai-usage.js'

const RESPONSES_PICKS: Picks = [['max_output_tokens', ATTR_GEN_AI_REQUEST_MAX_TOKENS]]

/** `responses.create` (and `.parse`). A Responses API call is a chat in the GenAI conventions. */
export const responses: OpenAiOperation = {
  name: 'chat',

  requestAttributes(body) {
    const attributes = chatRequestAttributes(
      'responses',
      body,
      isRecord(body.text) ? body.text.format : undefined,
    )
    return pickAttributes(body, RESPONSES_PICKS, attributes)
  },

  inputMessages(body) {
    // `instructions` are given apart from the conversation: the conventions' system instructions.
    const system =
      typeof body.instructions === 'string' && body.instructions !== ''
        ? [{ role: 'system', parts: [{ type: 'text' as const, content: body.instructions }] }]
        : []
    return { input: responsesInputMessages(body.input), system }
  },

  report(result, _body, keepContent) {
    return responseReport(result, keepContent)
  },

  observeStream(call, options) {
    return new ResponsesStreamObserver(call, options.keepContent)
  },
}
