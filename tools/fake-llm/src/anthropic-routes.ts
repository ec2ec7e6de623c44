import type { ServerResponse } from 'node:http'
import {
  countPromptTokens,
  defaultAnthropicReply,
  type FakeAnthropicReply,
  FakePromptCache,
  limitReply,
} from './anthropic-reply.js'
import { cutJson, streamMessage } from './anthropic-wire.js'
import {
  estimateTokens,
  type FakeExchange,
  type FakeFault,
  type FakeLlmServer,
  sendJson,
} from './fake-llm-server.js'

export interface AnthropicRoutesOptions {
  /** Chooses the answer to a request (default: a deterministic echo of the last user text). */
  reply?: (body: Record<string, unknown>) => FakeAnthropicReply
}

/** Anthropic's error `type` for each status the fake plays (https://docs.anthropic.com/en/api/errors). */
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
}

/**
 * Adds Anthropic's Messages API to a {@link FakeLlmServer}: `POST /v1/messages`
 * (JSON, or server-sent events with `stream: true`) and
 * `POST /v1/messages/count_tokens`. Answers are deterministic; token counts
 * come from `estimateTokens`. Mark a system or message block with
 * `cache_control` to get cache writes, then reads on repeats (see
 * {@link FakePromptCache}). The server's faults are played in Anthropic's
 * error shape; `cut-stream` counts every SSE event, `ping` included.
 *
 * @example
 * ```ts
 * const server = withAnthropicRoutes(new FakeLlmServer())
 * const anthropic = new Anthropic({ baseURL: await server.listen(), apiKey: 'test', maxRetries: 0 })
 * server.enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 2 })
 * ```
 */
export function withAnthropicRoutes(
  server: FakeLlmServer,
  options: AnthropicRoutesOptions = {},
): FakeLlmServer {
  const cache = new FakePromptCache()
  const reply = options.reply ?? defaultAnthropicReply
  let sequence = 0

  server.route('/v1/messages', async (exchange) => {
    const requestId = `req_fake_${++sequence}`
    const fault = exchange.server.takeFault()
    if (await playedFault(fault, exchange, requestId)) return
    const invalid = invalidRequest(exchange.body)
    if (invalid !== undefined) return sendError(exchange.response, 400, invalid, requestId)
    const body = exchange.body
    const answer = limitReply(reply(body), body.max_tokens as number)
    const tokens = cache.count(body)
    const message = {
      id: `msg_fake_${String(sequence).padStart(6, '0')}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [{ type: 'text', text: answer.text }],
      stop_reason: answer.stopReason,
      stop_sequence: null,
      usage: {
        input_tokens: tokens.input,
        output_tokens: answer.text === '' ? 0 : estimateTokens(answer.text),
        cache_read_input_tokens: tokens.cacheRead,
        cache_creation_input_tokens: tokens.cacheCreation,
      },
    }
    const cutAfter = fault?.kind === 'cut-stream' ? fault.afterChunks : undefined
    if (body.stream === true) return streamMessage(exchange, message, requestId, cutAfter)
    if (cutAfter !== undefined) return cutJson(exchange.response, message, requestId)
    sendJson(exchange.response, 200, message, { 'request-id': requestId })
  })

  server.route('/v1/messages/count_tokens', async (exchange) => {
    const requestId = `req_fake_${++sequence}`
    if (await playedFault(exchange.server.takeFault(), exchange, requestId)) return
    sendJson(
      exchange.response,
      200,
      { input_tokens: countPromptTokens(exchange.body) },
      { 'request-id': requestId },
    )
  })
  return server
}

/** Plays a fault; true when it did (the request is answered, or left hanging). */
async function playedFault(fault: FakeFault | undefined, exchange: FakeExchange, requestId: string) {
  if (fault?.kind === 'status') {
    const headers: Record<string, string> = {}
    if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds)
    const type = fault.type ?? ERROR_TYPES[fault.status] ?? 'api_error'
    sendError(exchange.response, fault.status, fault.message ?? `Fake ${type}`, requestId, type, headers)
    return true
  }
  if (fault?.kind === 'hang') {
    // No answer, ever: the client's timeout (or the server's close) ends the connection.
    await new Promise((resolve) => exchange.response.once('close', resolve))
    return true
  }
  return false
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  requestId: string,
  type = ERROR_TYPES[status] ?? 'api_error',
  headers: Record<string, string> = {},
): void {
  sendJson(
    response,
    status,
    { type: 'error', error: { type, message } },
    { 'request-id': requestId, ...headers },
  )
}

function invalidRequest(body: Record<string, unknown>): string | undefined {
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required'
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1)
    return 'max_tokens: Field required (an integer >= 1)'
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return 'messages: at least one message is required'
  return undefined
}
