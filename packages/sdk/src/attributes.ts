/**
 * Every attribute name the Vigil SDK writes, in one place.
 *
 * | attribute                                | where    | meaning                                              |
 * |------------------------------------------|----------|------------------------------------------------------|
 * | `gen_ai.operation.name`                  | span     | `chat`, `embeddings`, … (default `chat`)             |
 * | `gen_ai.provider.name`                   | span     | `openai`, `anthropic`, …                             |
 * | `gen_ai.request.model`                   | span     | model the app asked for                              |
 * | `gen_ai.response.model`                  | span     | model that answered, when the provider says          |
 * | `gen_ai.usage.input_tokens`              | span     | input tokens, cached ones included                   |
 * | `gen_ai.usage.output_tokens`             | span     | output tokens, reasoning ones included               |
 * | `gen_ai.usage.cache_read.input_tokens`   | span     | subset of input tokens read from the prompt cache    |
 * | `gen_ai.usage.reasoning.output_tokens`   | span     | subset of output tokens spent on reasoning           |
 * | `gen_ai.response.time_to_first_chunk`    | span     | seconds from start to the first streamed chunk       |
 * | `error.type`                             | span     | error class name or HTTP status code, on failure     |
 * | `vigil.use_case`                         | span     | product feature the call serves                      |
 * | `vigil.user_id` / `vigil.session_id`     | span     | end user and session, for per-user views             |
 * | `vigil.prompt_version`                   | span     | prompt version, to compare versions                  |
 * | `vigil.tags`                             | span     | free-form string[] labels                            |
 * | `vigil.cost_usd`                         | span     | cost the caller computed itself (else the collector prices it) |
 * | `service.name`                           | resource | the app                                              |
 * | `deployment.environment.name`            | resource | `production`, `staging`, …                           |
 * | `telemetry.sdk.name/version/language`    | resource | `vigil`, SDK version, `nodejs`                       |
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

// Resource attributes (OpenTelemetry resource semantic conventions); set once by init().
export const ATTR_SERVICE_NAME = 'service.name'
export const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name'
export const ATTR_TELEMETRY_SDK_NAME = 'telemetry.sdk.name'
export const ATTR_TELEMETRY_SDK_VERSION = 'telemetry.sdk.version'
export const ATTR_TELEMETRY_SDK_LANGUAGE = 'telemetry.sdk.language'
