export {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_VIGIL_CACHE_HIT,
  ATTR_VIGIL_CORRECTION_CHANGE_RATIO,
  ATTR_VIGIL_CORRECTION_TEXT,
  ATTR_VIGIL_COST_USD,
  ATTR_VIGIL_ENVIRONMENT,
  ATTR_VIGIL_ESCALATION_REASON,
  ATTR_VIGIL_FALLBACK_ATTEMPT,
  ATTR_VIGIL_FALLBACK_ATTEMPTS,
  ATTR_VIGIL_FALLBACK_NAME,
  ATTR_VIGIL_FALLBACK_REASON,
  ATTR_VIGIL_FALLBACK_SERVED,
  ATTR_VIGIL_FALLBACK_SERVED_ATTEMPT,
  ATTR_VIGIL_FALLBACK_SERVED_STEP,
  ATTR_VIGIL_FALLBACK_STEP,
  ATTR_VIGIL_FEEDBACK_COMMENT,
  ATTR_VIGIL_FEEDBACK_RATING,
  ATTR_VIGIL_FEEDBACK_THUMB,
  ATTR_VIGIL_OUTCOME_NAME,
  ATTR_VIGIL_OUTCOME_VALUE,
  ATTR_VIGIL_PROMPT_VERSION,
  ATTR_VIGIL_SCORE_NAME,
  ATTR_VIGIL_SCORE_SOURCE,
  ATTR_VIGIL_SCORE_VALUE,
  ATTR_VIGIL_SESSION_ID,
  ATTR_VIGIL_SIGNAL_AUTHOR,
  ATTR_VIGIL_SIGNAL_KEY,
  ATTR_VIGIL_STREAM_ABANDONED,
  ATTR_VIGIL_SUBJECT_ID,
  ATTR_VIGIL_TAGS,
  ATTR_VIGIL_USE_CASE,
  ATTR_VIGIL_USER_ID,
  EVENT_VIGIL_SIGNAL_CORRECTION,
  EVENT_VIGIL_SIGNAL_ESCALATION,
  EVENT_VIGIL_SIGNAL_FEEDBACK,
  EVENT_VIGIL_SIGNAL_OUTCOME,
  EVENT_VIGIL_SIGNAL_SCORE,
} from './attributes.js'
export { getCallIds } from './call-ids-of-result.js'
export { changeRatio } from './change-ratio.js'
export type { GenAiMessage } from './content-capture.js'
export { type CallContext, type CallIds, getCurrentCallIds, withContext } from './context.js'
export type { RetryPolicy } from './exporter/retry-policy.js'
export { VigilSignalExporter, type VigilSignalExporterOptions } from './exporter/vigil-signal-exporter.js'
export { VigilSpanExporter, type VigilSpanExporterOptions } from './exporter/vigil-span-exporter.js'
export {
  type FallbackOptions,
  type FallbackReason,
  FallbackRejectedError,
  type FallbackStep,
  withFallback,
} from './fallback.js'
export { InMemorySignalSink } from './in-memory-signal-sink.js'
export { InMemorySpanExporter } from './in-memory-span-exporter.js'
export { flush, getStats, init, shutdown } from './init.js'
export type { InitOptions } from './init-options.js'
export type { VigilLogger } from './logger.js'
export { type LlmCall, type LlmCallMeta, observe } from './observe.js'
export { type ObserveAnthropicOptions, observeAnthropic } from './providers/anthropic.js'
export { type ObserveOpenAIOptions, observeOpenAI } from './providers/openai.js'
export { redactText } from './redact.js'
export type { SignalKind, SignalRecord, SignalSink } from './signal-record.js'
export {
  type CorrectionSignal,
  type EscalationSignal,
  type FeedbackSignal,
  type OutcomeSignal,
  recordCorrection,
  recordEscalation,
  recordFeedback,
  recordOutcome,
  recordScore,
  type ScoreSignal,
  type SignalTarget,
} from './signals.js'
export type { VigilStats } from './stats.js'
export type { TokenUsage } from './token-usage.js'
export { createVigilSpanProcessor, type VigilSpanProcessorOptions } from './vigil-span-processor.js'
