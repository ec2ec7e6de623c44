import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk'
import { FakeLlmServer } from '@vigil/fake-llm'
import { anthropicClientOptions } from './fake-llm.js'

/** A real `@anthropic-ai/sdk` client of the fake `server`, without retries; `options` override. Test support only. */
export function makeAnthropicClient(server: FakeLlmServer, options: ClientOptions = {}): Anthropic {
  return new Anthropic({ ...anthropicClientOptions(server), ...options })
}

/** A Messages API request for the fake server; override what the test is about. Test support only. */
export function makeAnthropicRequest<T extends object>(overrides: T = {} as T) {
  return {
    model: 'claude-sonnet-4-6',
    max_tokens: 256,
    messages: [{ role: 'user' as const, content: 'Where is my order?' }],
    ...overrides,
  }
}

/** A `message_start` event, for streams a test writes by hand. */
export const MESSAGE_START = {
  type: 'message_start',
  message: {
    id: 'msg_cut',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-6',
    content: [],
    stop_reason: null,
    usage: { input_tokens: 5, output_tokens: 1 },
  },
}

/**
 * A server (not yet listening) whose every `/v1/messages` answer is these
 * server-sent events, then a clean end: for streams the fake API never sends
 * (cut before `message_stop`, an error event inside a 200). Test support only.
 */
export function serveAnthropicEvents(events: Array<[string, unknown]>): FakeLlmServer {
  return new FakeLlmServer().route('/v1/messages', async ({ response }) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.end(events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join(''))
  })
}

/** Events with the per-request message id blanked, to compare two requests' streams. */
export function withoutIds(events: unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(events).replace(/msg_fake_\d+/g, 'msg_fake'))
}
