import type { FakeLlmServer } from './fake-llm-server.js'
import { chatCompletionsRoute } from './openai-chat-route.js'
import { embeddingsRoute } from './openai-embeddings-route.js'
import { responsesRoute } from './openai-responses-route.js'

export interface OpenAiRoutesOptions {
  /** Clock for `created` / `created_at`, ms since the epoch; fix it to compare whole answers. Default `Date.now`. */
  now?: () => number
}

/**
 * Teaches a {@link FakeLlmServer} the OpenAI API the `openai` client uses:
 * `POST /v1/chat/completions`, `/v1/responses` (both plain and streamed) and
 * `/v1/embeddings`. Answers are deterministic (see `answerFor` for the
 * model-name and prompt conventions that ask for cached or reasoning tokens,
 * a length cut or a content-filter refusal), and queued faults are played in
 * OpenAI's error shape: a status with `{ error: { message, type, param, code } }`
 * (and `retry-after` when given), `hang` never answers, `cut-stream` drops the
 * connection after N stream events.
 *
 * @example
 * ```ts
 * const server = withOpenAiRoutes(new FakeLlmServer())
 * const url = await server.listen()
 * const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'test', maxRetries: 0 })
 * server.enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 1 })
 * ```
 */
export function withOpenAiRoutes(server: FakeLlmServer, options: OpenAiRoutesOptions = {}): FakeLlmServer {
  const now = options.now ?? Date.now
  return server
    .route('/v1/chat/completions', chatCompletionsRoute(now))
    .route('/v1/responses', responsesRoute(now))
    .route('/v1/embeddings', embeddingsRoute())
}
