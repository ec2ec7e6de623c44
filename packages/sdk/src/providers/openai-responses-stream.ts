import { ATTR_GEN_AI_RESPONSE_ID } from '../attributes.js'
import type { LlmCall } from '../observe.js'
import type { CallReport, StreamObserver } from './openai-operation.js'
import { responseReport } from './openai-responses-report.js'
import { isRecord } from './openai-usage.js'

// Events that carry the whole final Response, usage included.
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed'])

/**
 * Follows a Responses API event stream. The final event carries the whole
 * Response, so the report is the plain one; a stream that stops before it
 * (cut, abandoned, or an `error` event) reports what `response.created` said.
 * Any `*.delta` event (text, refusal, tool arguments, reasoning summary) is
 * the first output chunk. Nothing is hidden from the app.
 */
export class ResponsesStreamObserver implements StreamObserver {
  #started: Record<string, unknown> | undefined
  #final: Record<string, unknown> | undefined
  #error: { type: string; message: string } | undefined

  constructor(
    private readonly call: LlmCall,
    private readonly keepContent: boolean,
  ) {}

  onItem(event: unknown): boolean {
    if (!isRecord(event) || typeof event.type !== 'string') return true
    if (event.type.endsWith('.delta')) this.call.markFirstChunk()
    else if (event.type === 'response.created' && isRecord(event.response)) this.#started = event.response
    else if (FINAL_EVENTS.has(event.type) && isRecord(event.response)) this.#final = event.response
    else if (event.type === 'error') {
      this.#error = {
        type: typeof event.code === 'string' ? event.code : 'error',
        message: typeof event.message === 'string' ? event.message : 'The stream reported an error.',
      }
    }
    return true
  }

  report(): CallReport {
    if (this.#final !== undefined) return responseReport(this.#final, this.keepContent)
    const started = this.#started ?? {}
    return {
      attributes: typeof started.id === 'string' ? { [ATTR_GEN_AI_RESPONSE_ID]: started.id } : {},
      responseModel: typeof started.model === 'string' ? started.model : undefined,
      failure: this.#error,
    }
  }
}
