/**
 * Where each field of a call is read from, in order of preference. The first
 * name is the current OpenTelemetry GenAI convention; the others are deprecated
 * names that instrumentations still send. Vigil's own SDK uses the `vigil.`
 * names (see packages/sdk/src/attributes.ts).
 */
export const attributeNames = {
  operation: ['gen_ai.operation.name'],
  provider: ['gen_ai.provider.name', 'gen_ai.system'],
  requestModel: ['gen_ai.request.model'],
  responseModel: ['gen_ai.response.model'],
  inputTokens: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'],
  outputTokens: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'],
  cacheReadTokens: ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens'],
  cacheCreationTokens: [
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens',
  ],
  reasoningTokens: ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens'],
  timeToFirstChunkSeconds: ['gen_ai.response.time_to_first_chunk'],
  errorType: ['error.type'],
  useCase: ['vigil.use_case'],
  userId: ['vigil.user_id', 'user.id', 'enduser.id'],
  sessionId: ['vigil.session_id', 'session.id', 'gen_ai.conversation.id'],
  promptVersion: ['vigil.prompt_version'],
  tags: ['vigil.tags'],
  costUsd: ['vigil.cost_usd'],
  environment: ['vigil.environment', 'deployment.environment.name', 'deployment.environment'],
  serviceName: ['service.name'],
  subjectId: ['vigil.subject_id'],
  responseId: ['gen_ai.response.id'],
  finishReasons: ['gen_ai.response.finish_reasons'],
  serverAddress: ['server.address'],
  fallbackAttempt: ['vigil.fallback.attempt'],
  fallbackStep: ['vigil.fallback.step'],
  fallbackReason: ['vigil.fallback.reason'],
  fallbackServed: ['vigil.fallback.served'],
  cacheHit: ['vigil.cache.hit'],
  streamAbandoned: ['vigil.stream.abandoned'],
  inputContent: ['gen_ai.input.messages'],
  outputContent: ['gen_ai.output.messages'],
  sdkName: ['telemetry.sdk.name'],
} as const

/** A span is a model call when it carries any of these. */
export const genAiMarkers = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
]
