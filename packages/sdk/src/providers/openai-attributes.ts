/**
 * Span attributes only the OpenAI wrapper writes: names in OpenAI's own
 * namespace. The provider-neutral ones it also writes (`gen_ai.request.*`,
 * `gen_ai.response.id`, `server.address`…) are in `../attributes.ts`, with
 * every other name the SDK writes.
 *
 * | attribute                              | meaning                                              |
 * |----------------------------------------|------------------------------------------------------|
 * | `openai.api.type`                      | `chat_completions` or `responses`                    |
 * | `openai.request.service_tier` / `openai.response.service_tier` | tier asked for / used        |
 * | `openai.response.system_fingerprint`   | backend configuration fingerprint                    |
 *
 * @example
 * ```ts
 * span.attributes[ATTR_OPENAI_API_TYPE] // 'responses'
 * ```
 * @packageDocumentation
 */

export const ATTR_OPENAI_API_TYPE = 'openai.api.type'
export const ATTR_OPENAI_REQUEST_SERVICE_TIER = 'openai.request.service_tier'
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier'
export const ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'openai.response.system_fingerprint'
