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
