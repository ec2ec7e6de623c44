/**
 * GenAI and server attributes the Anthropic wrapper writes that `attributes.ts`
 * does not define yet. They are OpenTelemetry GenAI semantic-convention names
 * (open-telemetry/semantic-conventions-genai), shared by every provider, so
 * they belong in `attributes.ts` once it takes them; until then they live here.
 *
 * | attribute                                  | meaning                                              |
 * |--------------------------------------------|------------------------------------------------------|
 * | `gen_ai.usage.cache_creation.input_tokens` | subset of input tokens written to the prompt cache   |
 * | `gen_ai.request.temperature` / `.top_p` / `.top_k` / `.max_tokens` | sampling parameters asked for |
 * | `gen_ai.request.stream`                    | whether the answer was streamed                      |
 * | `gen_ai.response.id`                       | the provider's id of the answer (`msg_…`)            |
 * | `gen_ai.response.finish_reasons`           | string[]: why the model stopped (`end_turn`, `refusal`…) |
 * | `server.address` / `server.port`           | the API host the client talks to                     |
 * | `vigil.stream.abandoned`                   | true when the app stopped reading a stream early     |
 *
 * @example
 * ```ts
 * import { ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS } from '@vigil/sdk'
 * const written = span.attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] // 2048
 * ```
 * @packageDocumentation
 */

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

/** Requested output limit. @example `span.attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] // 1024` */
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens'

/** Whether the answer was streamed. @example `span.attributes[ATTR_GEN_AI_REQUEST_STREAM] // true` */
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream'

/** Provider's id of the answer. @example `span.attributes[ATTR_GEN_AI_RESPONSE_ID] // 'msg_01XFD…'` */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id'

/**
 * Why the model stopped, as the provider says it (string[]).
 * @example `span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] // ['end_turn']`
 */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons'

/** API host. @example `span.attributes[ATTR_SERVER_ADDRESS] // 'api.anthropic.com'` */
export const ATTR_SERVER_ADDRESS = 'server.address'

/** API port. @example `span.attributes[ATTR_SERVER_PORT] // 443` */
export const ATTR_SERVER_PORT = 'server.port'

/**
 * True when the app stopped reading a stream before its end (`break`, abort): usage may be partial.
 * Same name and meaning as the OpenAI wrapper's.
 * @example `span.attributes[ATTR_VIGIL_STREAM_ABANDONED] // true`
 */
export const ATTR_VIGIL_STREAM_ABANDONED = 'vigil.stream.abandoned'
