/**
 * Where each field of a call is read from in the OpenTelemetry GenAI
 * conventions (open-telemetry/semantic-conventions-genai), in order of
 * preference: the current name first, then deprecated names that
 * instrumentations still send (`gen_ai.system`, `gen_ai.usage.prompt_tokens`,
 * the flat `gen_ai.usage.cache_read_input_tokens` of OpenLLMetry…). Names of
 * other families live with their reader in `sources/`.
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
  /** Not in the conventions; OpenLLMetry and others send it, and it lets a missing count be derived. */
  totalTokens: ['gen_ai.usage.total_tokens', 'llm.usage.total_tokens'],
  timeToFirstChunkSeconds: ['gen_ai.response.time_to_first_chunk'],
  errorType: ['error.type'],
  // General OpenTelemetry conventions (user.id, session.id) and the GenAI conversation id.
  userId: ['user.id', 'enduser.id'],
  sessionId: ['session.id', 'gen_ai.conversation.id'],
  environment: ['deployment.environment.name', 'deployment.environment'],
  serviceName: ['service.name'],
  responseId: ['gen_ai.response.id'],
  finishReasons: ['gen_ai.response.finish_reasons'],
  serverAddress: ['server.address'],
  inputContent: ['gen_ai.input.messages'],
  outputContent: ['gen_ai.output.messages'],
  systemInstructions: ['gen_ai.system_instructions'],
  sdkName: ['telemetry.sdk.name'],
} as const

/**
 * Vigil's own names (packages/sdk/src/attributes.ts). They state the app's
 * intent explicitly, so they win over anything a source family implies
 * (a Traceloop association property, Vercel telemetry metadata…).
 */
export const vigilNames = {
  useCase: 'vigil.use_case',
  userId: 'vigil.user_id',
  sessionId: 'vigil.session_id',
  promptVersion: 'vigil.prompt_version',
  tags: 'vigil.tags',
  subjectId: 'vigil.subject_id',
  environment: 'vigil.environment',
  costUsd: 'vigil.cost_usd',
  streamAbandoned: 'vigil.stream.abandoned',
  fallbackAttempt: 'vigil.fallback.attempt',
  fallbackStep: 'vigil.fallback.step',
  fallbackReason: 'vigil.fallback.reason',
  fallbackServed: 'vigil.fallback.served',
  cacheHit: 'vigil.cache.hit',
} as const

/** A span is a GenAI span when it carries any of these. */
export const genAiMarkers = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
]

/**
 * Operations that are not one model call: tools run by the app, agents and
 * workflows made of calls (their own `chat` spans are the calls). An
 * `invoke_agent` span of kind CLIENT is a remote agent (OpenAI Assistants,
 * Bedrock Agents) and is a call: its model work has no spans of its own.
 */
export const nonCallOperations = new Set(['execute_tool', 'create_agent', 'invoke_workflow'])
export const AGENT_OPERATION = 'invoke_agent'
