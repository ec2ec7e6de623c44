import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../attributes.js'
import type { AnthropicEndpoint } from './anthropic-endpoint.js'

/** The request attributes of a `messages.create()` call: streaming, server, and the sampling parameters set. */
export function anthropicRequestAttributes(
  request: Record<string, unknown>,
  endpoint: AnthropicEndpoint,
): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_REQUEST_STREAM]: request.stream === true }
  if (endpoint.address !== undefined) attributes[ATTR_SERVER_ADDRESS] = endpoint.address
  if (endpoint.port !== undefined) attributes[ATTR_SERVER_PORT] = endpoint.port
  const numbers: Array<[string, unknown]> = [
    [ATTR_GEN_AI_REQUEST_TEMPERATURE, request.temperature],
    [ATTR_GEN_AI_REQUEST_TOP_P, request.top_p],
    [ATTR_GEN_AI_REQUEST_TOP_K, request.top_k],
    [ATTR_GEN_AI_REQUEST_MAX_TOKENS, request.max_tokens],
  ]
  for (const [name, value] of numbers) {
    if (typeof value === 'number' && Number.isFinite(value)) attributes[name] = value
  }
  return attributes
}
