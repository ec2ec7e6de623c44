/**
 * Every attribute name the Vigil SDK writes, in one place.
 *
 * | attribute                                | where    | meaning                                              |
 * |------------------------------------------|----------|------------------------------------------------------|
 * | `gen_ai.operation.name`                  | call     | `chat`, `embeddings`, … (default `chat`)             |
 * | `gen_ai.provider.name`                   | call     | `openai`, `anthropic`, …                             |
 * | `gen_ai.request.model`                   | call     | model the app asked for                              |
 * | `gen_ai.response.model`                  | call     | model that answered, when the provider says          |
 * | `gen_ai.usage.input_tokens`              | call     | input tokens, cached ones included                   |
 * | `gen_ai.usage.output_tokens`             | call     | output tokens, reasoning ones included               |
 * | `gen_ai.usage.cache_read.input_tokens`   | call     | subset of input tokens read from the prompt cache    |
 * | `gen_ai.usage.reasoning.output_tokens`   | call     | subset of output tokens spent on reasoning           |
 * | `gen_ai.usage.cache_creation.input_tokens` | call   | subset of input tokens written to the prompt cache   |
 * | `gen_ai.response.time_to_first_chunk`    | call     | seconds from start to the first streamed chunk       |
 * | `gen_ai.input.messages`                  | call     | JSON `[{role, parts}]`, redacted; only with `captureContent` |
 * | `gen_ai.output.messages`                 | call     | JSON `[{role, parts, finish_reason?}]`, redacted; only with `captureContent` |
 * | `gen_ai.system_instructions`             | call     | JSON `[{type: 'text', content}]`, redacted; only with `captureContent` |
 * | `gen_ai.request.temperature` / `.top_p` / `.top_k` | call | sampling parameters asked for (wrappers)   |
 * | `gen_ai.request.max_tokens`              | call     | output token limit asked for (wrappers)              |
 * | `gen_ai.request.stream`                  | call     | whether the answer was asked for as a stream (wrappers) |
 * | `gen_ai.request.seed` / `.frequency_penalty` / `.presence_penalty` / `.stop_sequences` / `.choice.count` | call | other request parameters (wrappers) |
 * | `gen_ai.request.encoding_formats`        | call     | embeddings: formats the app asked for (wrappers)     |
 * | `gen_ai.embeddings.dimension.count`      | call     | embeddings: vector size (wrappers)                   |
 * | `gen_ai.output.type`                     | call     | `text` or `json`, from the requested response format (wrappers) |
 * | `gen_ai.response.id`                     | call     | the provider's id of the answer (wrappers)           |
 * | `gen_ai.response.finish_reasons`         | call     | string[]: why the model stopped, one per choice (wrappers) |
 * | `server.address` / `server.port`         | call     | the API host the client talks to (wrappers)          |
 * | `error.type`                             | any      | error class name or HTTP status code, on failure     |
 * | `vigil.use_case`                         | any      | product feature the call serves (meta or `withContext`) |
 * | `vigil.user_id` / `vigil.session_id`     | any      | end user and session, for per-user views             |
 * | `vigil.prompt_version`                   | any      | prompt version, to compare versions                  |
 * | `vigil.tags`                             | any      | free-form string[] labels (context and meta combined) |
 * | `vigil.subject_id`                       | any      | the app's own id for what the call is about (ticket…), to map feedback to calls |
 * | `vigil.environment`                      | any      | per-call environment, overriding `deployment.environment.name` |
 * | `vigil.cost_usd`                         | call     | cost the caller computed itself (else the collector prices it) |
 * | `vigil.stream.abandoned`                 | call     | true when the app stopped reading a stream early (usage may be partial; wrappers) |
 * | `vigil.fallback.name`                    | chain, attempt | name of the `withFallback` chain, when given   |
 * | `vigil.fallback.attempts`                | chain    | how many steps were tried                            |
 * | `vigil.fallback.served_step`             | chain    | name of the step whose answer was used (absent if all failed) |
 * | `vigil.fallback.served_attempt`          | chain    | index of that step, 0 = the first (so > 0 means a fallback happened) |
 * | `vigil.fallback.attempt`                 | attempt  | index of the attempt in its chain, from 0            |
 * | `vigil.fallback.step`                    | attempt  | name of the step                                     |
 * | `vigil.fallback.reason`                  | attempt  | why the chain moved on: `error`, `timeout`, `rate_limit`, `rejected` |
 * | `vigil.fallback.served`                  | attempt  | true on the attempt whose answer was used, else false |
 * | `vigil.cache.hit`                        | chain, attempt | on `cache: true` steps and their chain: whether the cache served |
 * | `vigil.signal.key`                       | signal   | idempotency key: a re-sent signal counts once        |
 * | `vigil.signal.author`                    | signal   | who or what produced it (agent, reviewer, rule…)     |
 * | `vigil.correction.change_ratio`          | signal   | correction: 0…1, share of the output changed         |
 * | `vigil.correction.text`                  | signal   | correction: corrected text, redacted; only with `captureContent` |
 * | `vigil.feedback.thumb` / `.rating`       | signal   | feedback: `up`/`down`, or 1…5                        |
 * | `vigil.feedback.comment`                 | signal   | feedback: the user's comment, redacted               |
 * | `vigil.score.name` / `.value` / `.source` | signal  | score: name, number, `human`/`rule`/`model`          |
 * | `vigil.escalation.reason`                | signal   | escalation: why a person took over                   |
 * | `vigil.outcome.name` / `.value`          | signal   | outcome: e.g. `ticket_resolved`, `minutes_saved`; its value |
 * | `service.name`                           | resource | the app                                              |
 * | `deployment.environment.name`            | resource | `production`, `staging`, …                           |
 * | `telemetry.sdk.name/version/language`    | resource | `vigil`, SDK version, `nodejs`                       |
 *
 * "signal" is a human-oversight signal (`recordCorrection()`, `recordFeedback()`,
 * `recordScore()`, `recordEscalation()`, `recordOutcome()`): an OpenTelemetry log
 * record sent to `/v1/logs`, named `vigil.signal.<kind>` (the `EVENT_VIGIL_SIGNAL_*`
 * constants), dated when it happened, whose trace and span ids are those of the
 * call it is about; it also carries `vigil.subject_id` and `vigil.use_case` when
 * known. The collector takes the same event on a span too (`span.addEvent()`),
 * about that span, from apps that record a score while the call runs.
 *
 * "call" is a model-call span (`observe()` or a wrapped client, kind CLIENT,
 * named `{operation} {model}`); "chain" is the INTERNAL span `fallback <name>`
 * around a `withFallback` chain; "attempt" is the span of one step: the model
 * call the step made (the last one started, if several) or, for a step that
 * made none (a cache lookup…), an INTERNAL span `fallback.step <step>`.
 * Resource attributes come from `init()`; with `createVigilSpanProcessor()`
 * spans carry the app's own resource instead. "(wrappers)" marks what only the
 * provider wrappers (`observeOpenAI`, `observeAnthropic`) record; names that
 * exist for one provider only (`openai.*`) are listed in
 * `providers/openai-attributes.ts`. Every `vigil.*`, `gen_ai.*` and `server.*`
 * name the SDK writes is here (a test checks the sources for others).
 *
 * The `gen_ai.*` names follow the OpenTelemetry GenAI semantic conventions
 * (open-telemetry/semantic-conventions-genai, "Development" stability), so other
 * OTLP backends understand Vigil spans; `vigil.*` names are Vigil's own.
 *
 * @example
 * ```ts
 * import { ATTR_GEN_AI_USAGE_INPUT_TOKENS } from '@vigil/sdk'
 * const inputTokens = span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]
 * ```
 * @packageDocumentation
 */

/** Operation name, e.g. `chat`. @example `span.attributes[ATTR_GEN_AI_OPERATION_NAME] // 'chat'` */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name'

/** Provider name, e.g. `openai`. @example `span.attributes[ATTR_GEN_AI_PROVIDER_NAME] // 'openai'` */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name'

/** Requested model. @example `span.attributes[ATTR_GEN_AI_REQUEST_MODEL] // 'gpt-4o'` */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model'

/** Model that answered. @example `span.attributes[ATTR_GEN_AI_RESPONSE_MODEL] // 'gpt-4o-2024-08-06'` */
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model'

/** Input tokens, cached ones included. @example `span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] // 1200` */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens'

/** Output tokens. @example `span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] // 350` */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens'

/**
 * Input tokens served from the prompt cache (a subset of input tokens).
 * @example `span.attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] // 1024`
 */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens'

/**
 * Output tokens spent on reasoning (a subset of output tokens).
 * @example `span.attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] // 200`
 */
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens'

/**
 * Seconds from the start of the call to the first streamed chunk.
 * @example `span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] // 0.42`
 */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk'

/** Low-cardinality error class or HTTP status. @example `span.attributes[ATTR_ERROR_TYPE] // '429'` */
export const ATTR_ERROR_TYPE = 'error.type'

/** Product feature the call serves. @example `span.attributes[ATTR_VIGIL_USE_CASE] // 'support-reply'` */
export const ATTR_VIGIL_USE_CASE = 'vigil.use_case'

/** End user of the app. @example `span.attributes[ATTR_VIGIL_USER_ID] // 'user-42'` */
export const ATTR_VIGIL_USER_ID = 'vigil.user_id'

/** Session or conversation. @example `span.attributes[ATTR_VIGIL_SESSION_ID] // 'sess-7'` */
export const ATTR_VIGIL_SESSION_ID = 'vigil.session_id'

/** Prompt version. @example `span.attributes[ATTR_VIGIL_PROMPT_VERSION] // 'v3'` */
export const ATTR_VIGIL_PROMPT_VERSION = 'vigil.prompt_version'

/** Free-form labels (string[]). @example `span.attributes[ATTR_VIGIL_TAGS] // ['beta']` */
export const ATTR_VIGIL_TAGS = 'vigil.tags'

/** Cost in USD, when the caller knows it. @example `span.attributes[ATTR_VIGIL_COST_USD] // 0.0042` */
export const ATTR_VIGIL_COST_USD = 'vigil.cost_usd'

/**
 * The app stopped reading a streamed answer before its end; usage may be partial.
 * @example `span.attributes[ATTR_VIGIL_STREAM_ABANDONED] // true`
 */
export const ATTR_VIGIL_STREAM_ABANDONED = 'vigil.stream.abandoned'

/** App-level id of what the call is about (ticket, document…), to map feedback. @example `span.attributes[ATTR_VIGIL_SUBJECT_ID] // 'ticket-981'` */
export const ATTR_VIGIL_SUBJECT_ID = 'vigil.subject_id'

/** Per-call environment, overriding the resource's. @example `span.attributes[ATTR_VIGIL_ENVIRONMENT] // 'canary'` */
export const ATTR_VIGIL_ENVIRONMENT = 'vigil.environment'

/** Input messages as GenAI JSON, redacted. @example `JSON.parse(String(span.attributes[ATTR_GEN_AI_INPUT_MESSAGES]))` */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages'

/** Output messages as GenAI JSON, redacted. @example `JSON.parse(String(span.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]))` */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages'

/** System instructions as GenAI JSON parts, redacted. @example `span.attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]` */
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions'

/** Name of a fallback chain. @example `span.attributes[ATTR_VIGIL_FALLBACK_NAME] // 'support-reply'` */
export const ATTR_VIGIL_FALLBACK_NAME = 'vigil.fallback.name'

/** Steps tried by a chain. @example `span.attributes[ATTR_VIGIL_FALLBACK_ATTEMPTS] // 2` */
export const ATTR_VIGIL_FALLBACK_ATTEMPTS = 'vigil.fallback.attempts'

/** Step whose answer a chain used. @example `span.attributes[ATTR_VIGIL_FALLBACK_SERVED_STEP] // 'cheap-model'` */
export const ATTR_VIGIL_FALLBACK_SERVED_STEP = 'vigil.fallback.served_step'

/** Index of the step a chain used. @example `span.attributes[ATTR_VIGIL_FALLBACK_SERVED_ATTEMPT] // 1` */
export const ATTR_VIGIL_FALLBACK_SERVED_ATTEMPT = 'vigil.fallback.served_attempt'

/** Index of an attempt in its chain, from 0. @example `span.attributes[ATTR_VIGIL_FALLBACK_ATTEMPT] // 0` */
export const ATTR_VIGIL_FALLBACK_ATTEMPT = 'vigil.fallback.attempt'

/** Step name of an attempt. @example `span.attributes[ATTR_VIGIL_FALLBACK_STEP] // 'primary'` */
export const ATTR_VIGIL_FALLBACK_STEP = 'vigil.fallback.step'

/** Why a chain left an attempt. @example `span.attributes[ATTR_VIGIL_FALLBACK_REASON] // 'timeout'` */
export const ATTR_VIGIL_FALLBACK_REASON = 'vigil.fallback.reason'

/** Whether an attempt's answer was used. @example `span.attributes[ATTR_VIGIL_FALLBACK_SERVED] // true` */
export const ATTR_VIGIL_FALLBACK_SERVED = 'vigil.fallback.served'

/** Whether a `cache: true` step served. @example `span.attributes[ATTR_VIGIL_CACHE_HIT] // true` */
export const ATTR_VIGIL_CACHE_HIT = 'vigil.cache.hit'

/**
 * Input tokens written to the prompt cache (a subset of `gen_ai.usage.input_tokens`).
 * @example `span.attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] // 2048`
 */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens'

/** Requested temperature. @example `span.attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] // 0.2` */
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature'

/** Requested nucleus sampling. @example `span.attributes[ATTR_GEN_AI_REQUEST_TOP_P] // 0.9` */
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p'

/** Requested top-k sampling. @example `span.attributes[ATTR_GEN_AI_REQUEST_TOP_K] // 40` */
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k'

/** Requested output token limit. @example `span.attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] // 1024` */
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens'

/** Whether the answer was asked for as a stream. @example `span.attributes[ATTR_GEN_AI_REQUEST_STREAM] // true` */
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream'

/** Requested seed. @example `span.attributes[ATTR_GEN_AI_REQUEST_SEED] // 7` */
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed'

/** Requested frequency penalty. @example `span.attributes[ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY] // 0.5` */
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty'

/** Requested presence penalty. @example `span.attributes[ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY] // 0.5` */
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty'

/** Requested stop sequences (string[]). @example `span.attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] // ['END']` */
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences'

/** Requested number of choices, when not 1. @example `span.attributes[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] // 3` */
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count'

/** Embedding formats the app asked for (string[]). @example `span.attributes[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] // ['float']` */
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats'

/** Size of the embedding vectors. @example `span.attributes[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] // 1536` */
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count'

/** `text` or `json`, from the requested response format. @example `span.attributes[ATTR_GEN_AI_OUTPUT_TYPE] // 'json'` */
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type'

/** The provider's id of the answer. @example `span.attributes[ATTR_GEN_AI_RESPONSE_ID] // 'chatcmpl-123'` */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id'

/**
 * Why the model stopped, as the provider says it, one per choice (string[]).
 * @example `span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] // ['stop']`
 */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons'

/** API host the client talks to. @example `span.attributes[ATTR_SERVER_ADDRESS] // 'api.openai.com'` */
export const ATTR_SERVER_ADDRESS = 'server.address'

/** API port. @example `span.attributes[ATTR_SERVER_PORT] // 443` */
export const ATTR_SERVER_PORT = 'server.port'

// Resource attributes (OpenTelemetry resource semantic conventions); set once by init().
export const ATTR_SERVICE_NAME = 'service.name'
export const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name'
export const ATTR_TELEMETRY_SDK_NAME = 'telemetry.sdk.name'
export const ATTR_TELEMETRY_SDK_VERSION = 'telemetry.sdk.version'
export const ATTR_TELEMETRY_SDK_LANGUAGE = 'telemetry.sdk.language'

/** Idempotency key of a signal. @example `record.attributes[ATTR_VIGIL_SIGNAL_KEY] // 'ticket-981:resolved'` */
export const ATTR_VIGIL_SIGNAL_KEY = 'vigil.signal.key'

/** Who or what produced a signal. @example `record.attributes[ATTR_VIGIL_SIGNAL_AUTHOR] // 'agent-17'` */
export const ATTR_VIGIL_SIGNAL_AUTHOR = 'vigil.signal.author'

/** Share of the output a correction changed, 0…1. @example `record.attributes[ATTR_VIGIL_CORRECTION_CHANGE_RATIO] // 0.25` */
export const ATTR_VIGIL_CORRECTION_CHANGE_RATIO = 'vigil.correction.change_ratio'

/** The corrected text, redacted (only with `captureContent`). @example `record.attributes[ATTR_VIGIL_CORRECTION_TEXT]` */
export const ATTR_VIGIL_CORRECTION_TEXT = 'vigil.correction.text'

/** Thumbs feedback. @example `record.attributes[ATTR_VIGIL_FEEDBACK_THUMB] // 'down'` */
export const ATTR_VIGIL_FEEDBACK_THUMB = 'vigil.feedback.thumb'

/** Rating feedback, 1…5. @example `record.attributes[ATTR_VIGIL_FEEDBACK_RATING] // 4` */
export const ATTR_VIGIL_FEEDBACK_RATING = 'vigil.feedback.rating'

/** The user's comment, redacted. @example `record.attributes[ATTR_VIGIL_FEEDBACK_COMMENT]` */
export const ATTR_VIGIL_FEEDBACK_COMMENT = 'vigil.feedback.comment'

/** Score name. @example `record.attributes[ATTR_VIGIL_SCORE_NAME] // 'relevance'` */
export const ATTR_VIGIL_SCORE_NAME = 'vigil.score.name'

/** Score value. @example `record.attributes[ATTR_VIGIL_SCORE_VALUE] // 0.8` */
export const ATTR_VIGIL_SCORE_VALUE = 'vigil.score.value'

/** Who scored: `human`, `rule` or `model`. @example `record.attributes[ATTR_VIGIL_SCORE_SOURCE] // 'model'` */
export const ATTR_VIGIL_SCORE_SOURCE = 'vigil.score.source'

/** Why a case went to a person. @example `record.attributes[ATTR_VIGIL_ESCALATION_REASON] // 'low_confidence'` */
export const ATTR_VIGIL_ESCALATION_REASON = 'vigil.escalation.reason'

/** Business outcome name. @example `record.attributes[ATTR_VIGIL_OUTCOME_NAME] // 'minutes_saved'` */
export const ATTR_VIGIL_OUTCOME_NAME = 'vigil.outcome.name'

/** Business outcome value. @example `record.attributes[ATTR_VIGIL_OUTCOME_VALUE] // 12` */
export const ATTR_VIGIL_OUTCOME_VALUE = 'vigil.outcome.value'

// Event names of the signal log records (and span events), one per kind.
export const EVENT_VIGIL_SIGNAL_CORRECTION = 'vigil.signal.correction'
export const EVENT_VIGIL_SIGNAL_FEEDBACK = 'vigil.signal.feedback'
export const EVENT_VIGIL_SIGNAL_SCORE = 'vigil.signal.score'
export const EVENT_VIGIL_SIGNAL_ESCALATION = 'vigil.signal.escalation'
export const EVENT_VIGIL_SIGNAL_OUTCOME = 'vigil.signal.outcome'
