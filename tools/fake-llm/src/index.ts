export type { FakeAnthropicReply } from './anthropic-reply.js'
export { type AnthropicRoutesOptions, withAnthropicRoutes } from './anthropic-routes.js'
export {
  estimateTokens,
  type FakeExchange,
  type FakeFault,
  type FakeLlmOptions,
  FakeLlmServer,
  type FakeRoute,
  type RecordedRequest,
  sendJson,
  sleep,
} from './fake-llm-server.js'
export { type OpenAiRoutesOptions, withOpenAiRoutes } from './openai-routes.js'
