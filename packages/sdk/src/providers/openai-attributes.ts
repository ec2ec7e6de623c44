/**
 * Span attributes the OpenAI wrapper writes beyond those in `../attributes.ts`.
 * They are provider-neutral GenAI / OpenTelemetry names (the Anthropic wrapper
 * needs most of them too), kept here until they move to `attributes.ts`.
 *
 * | attribute                              | meaning                                              |
 * |----------------------------------------|------------------------------------------------------|
 * | `gen_ai.request.temperature` / `.top_p`| sampling parameters asked for                        |
 * | `gen_ai.request.max_tokens`            | output token limit asked for                         |
 * | `gen_ai.request.stream`                | whether the answer was streamed                      |
 * | `gen_ai.request.seed`, `.frequency_penalty`, `.presence_penalty`, `.stop_sequences`, `.choice.count` | other request parameters |
 * | `gen_ai.request.encoding_formats`      | embeddings: formats the app asked for                |
 * | `gen_ai.embeddings.dimension.count`    | embeddings: vector size                              |
 * | `gen_ai.output.type`                   | `text` or `json`, from the requested response format |
 * | `gen_ai.response.id`                   | provider's id of the answer                          |
 * | `gen_ai.response.finish_reasons`       | string[], one per choice                             |
 * | `server.address` / `server.port`       | API host the client talks to                         |
 * | `openai.api.type`                      | `chat_completions` or `responses`                    |
 * | `openai.request.service_tier` / `openai.response.service_tier` | tier asked for / used        |
 * | `openai.response.system_fingerprint`   | backend configuration fingerprint                    |
 * | `vigil.stream.abandoned`               | true when the app stopped reading a stream early     |
 *
 * @example
 * ```ts
 * span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] // ['stop']
 * ```
 * @packageDocumentation
 */

export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature'
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p'
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens'
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream'
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed'
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty'
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty'
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences'
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count'
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats'
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count'
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type'
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id'
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons'
export const ATTR_SERVER_ADDRESS = 'server.address'
export const ATTR_SERVER_PORT = 'server.port'
export const ATTR_OPENAI_API_TYPE = 'openai.api.type'
export const ATTR_OPENAI_REQUEST_SERVICE_TIER = 'openai.request.service_tier'
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier'
export const ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'openai.response.system_fingerprint'
export const ATTR_VIGIL_STREAM_ABANDONED = 'vigil.stream.abandoned'
