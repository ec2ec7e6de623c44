import {
  type AnthropicRoutesOptions,
  FakeLlmServer,
  withAnthropicRoutes,
  withOpenAiRoutes,
} from '@vigil/fake-llm'
import { afterAll, beforeAll } from 'vitest'

/** A fixed clock: two identical requests get identical answers, `created` included. */
const FIXED_NOW = () => 1_700_000_000_000

/** Options of {@link startFakeLlm}. */
export interface FakeLlmFixtureOptions {
  /** Chooses the Anthropic answer to a request (default: an echo of the last user text). */
  reply?: AnthropicRoutesOptions['reply']
}

/**
 * A started fake LLM server that speaks both the OpenAI and the Anthropic
 * API, on a fixed clock. Close it when done. Test support only.
 *
 * @example
 * ```ts
 * const server = await startFakeLlm()
 * const openai = new OpenAI(openAiClientOptions(server))
 * ```
 */
export async function startFakeLlm(options: FakeLlmFixtureOptions = {}): Promise<FakeLlmServer> {
  const server = withAnthropicRoutes(withOpenAiRoutes(new FakeLlmServer(), { now: FIXED_NOW }), options)
  await server.listen()
  return server
}

/** Options for a real `openai` client of `server`: no retries, so faults reach the test once. */
export function openAiClientOptions(server: FakeLlmServer) {
  return { baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 }
}

/** Options for a real `@anthropic-ai/sdk` client of `server`: no retries, so faults reach the test once. */
export function anthropicClientOptions(server: FakeLlmServer) {
  return { baseURL: server.url, apiKey: 'test', maxRetries: 0 }
}

/**
 * {@link startFakeLlm} once for the test file (before all its tests, closed
 * after them). The returned getter gives the started server. Call it at the
 * top level of a test file. Test support only.
 *
 * @example
 * ```ts
 * const llm = useFakeLlm()
 * it('answers', async () => {
 *   const openai = new OpenAI(openAiClientOptions(llm()))
 * })
 * ```
 */
export function useFakeLlm(options: FakeLlmFixtureOptions = {}): () => FakeLlmServer {
  let server: FakeLlmServer | undefined
  beforeAll(async () => {
    server = await startFakeLlm(options)
  })
  afterAll(async () => {
    await server?.close()
  })
  return () => {
    if (server === undefined)
      throw new Error('useFakeLlm(): the server starts in beforeAll; use it inside tests.')
    return server
  }
}
