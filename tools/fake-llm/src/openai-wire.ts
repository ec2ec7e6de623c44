import type { ServerResponse } from 'node:http'
import { type FakeExchange, type FakeFault, sendJson, sleep } from './fake-llm-server.js'
import type { FakeOpenAiAnswer } from './openai-answer.js'

// OpenAI's error bodies are `{ error: { message, type, param, code } }`; the
// `type`/`code` pairs below are the ones the API sends for these statuses.
const ERROR_SHAPES: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist.' },
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message: 'Rate limit reached for requests. Please try again later.',
  },
  500: {
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request.',
  },
  503: { type: 'server_error', code: null, message: 'The server is overloaded or not ready yet.' },
}

export function sendOpenAiError(
  response: ServerResponse,
  fault: Extract<FakeFault, { kind: 'status' }>,
): void {
  const shape = ERROR_SHAPES[fault.status] ?? { type: 'server_error', code: null, message: 'Error.' }
  const headers: Record<string, string> = { 'x-request-id': `req_fault_${fault.status}` }
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds)
  sendJson(
    response,
    fault.status,
    {
      error: {
        message: fault.message ?? shape.message,
        type: fault.type ?? shape.type,
        param: null,
        code: shape.code,
      },
    },
    headers,
  )
}

/**
 * Plays the server's next fault, if any. Returns `'done'` when the fault is the
 * whole answer (an error, a hang, a cut before any byte), else the number of
 * stream events to send before cutting the connection (undefined: no cut).
 */
export function playOpenAiFault(exchange: FakeExchange, streaming: boolean): 'done' | number | undefined {
  const fault = exchange.server.takeFault()
  if (fault === undefined) return undefined
  switch (fault.kind) {
    case 'status':
      sendOpenAiError(exchange.response, fault)
      return 'done'
    case 'hang':
      // Never answer: the request stays open until the client gives up or the server closes.
      return 'done'
    case 'cut-stream':
      if (streaming) return fault.afterChunks
      exchange.response.destroy()
      return 'done'
  }
}

/**
 * Server-sent events as OpenAI writes them: `data: {json}` (Chat Completions)
 * or `event: type` + `data: {json}` (Responses API), a blank line after each.
 * Each event is flushed before the next, so a cut after N events delivers
 * exactly N to the client.
 */
export class OpenAiSseWriter {
  #sent = 0

  constructor(
    private readonly response: ServerResponse,
    private readonly requestId: string,
    private readonly delayMs: number,
    private readonly cutAfter: number | undefined,
  ) {}

  start(): void {
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': this.requestId,
    })
  }

  /** Sends one event; false once the connection is gone (cut, or the client left), so the route stops. */
  async send(data: unknown, event?: string): Promise<boolean> {
    if (this.#sent > 0) await sleep(this.delayMs)
    if (this.response.destroyed) return false
    if (this.cutAfter !== undefined && this.#sent >= this.cutAfter) {
      this.response.destroy()
      return false
    }
    const head = event === undefined ? '' : `event: ${event}\n`
    await this.#write(`${head}data: ${JSON.stringify(data)}\n\n`)
    this.#sent++
    return true
  }

  /** Ends the stream, after `data: [DONE]` for Chat Completions (the Responses API sends none). */
  async end(doneMarker: boolean): Promise<void> {
    if (this.response.destroyed) return
    // A cut asked for after more events than the answer has still cuts: the stream never ends cleanly.
    if (this.cutAfter !== undefined) {
      this.response.destroy()
      return
    }
    if (doneMarker) await this.#write('data: [DONE]\n\n')
    this.response.end()
  }

  #write(text: string): Promise<void> {
    return new Promise((resolve) => {
      // A client that left makes the write fail; the next send() sees `destroyed` and stops.
      this.response.write(text, () => resolve())
    })
  }
}

/** A whole (non-streamed) answer, with the request id OpenAI sends in `x-request-id`. */
export function sendOpenAiAnswer(exchange: FakeExchange, answer: FakeOpenAiAnswer, body: unknown): void {
  sendJson(exchange.response, 200, body, { 'x-request-id': `req_${answer.idSuffix}` })
}

/**
 * Streams an answer's events with an {@link OpenAiSseWriter}, stopping early
 * when the connection is cut (`cutAfter` events) or the client leaves.
 * `event` names an event (Responses API); `doneMarker` ends with `data: [DONE]`
 * (Chat Completions).
 */
export async function streamOpenAiAnswer(
  exchange: FakeExchange,
  answer: FakeOpenAiAnswer,
  cutAfter: number | undefined,
  events: Array<{ data: unknown; event?: string }>,
  doneMarker: boolean,
): Promise<void> {
  const sse = new OpenAiSseWriter(
    exchange.response,
    `req_${answer.idSuffix}`,
    exchange.server.chunkDelayMs,
    cutAfter,
  )
  sse.start()
  for (const { data, event } of events) {
    if (!(await sse.send(data, event))) return
  }
  await sse.end(doneMarker)
}
