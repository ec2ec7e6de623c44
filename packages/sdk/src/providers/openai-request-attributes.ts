import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
} from '../attributes.js'
import { ATTR_OPENAI_API_TYPE, ATTR_OPENAI_REQUEST_SERVICE_TIER } from './openai-attributes.js'
import { isRecord } from './openai-usage.js'

/**
 * The request attributes both chat APIs (Chat Completions and Responses)
 * record alike: which API, whether streamed, sampling, service tier, and the
 * output type of the requested format (`response_format`, or Responses'
 * `text.format`), `text` or else `json`. Each API adds its own.
 */
export function chatRequestAttributes(
  apiType: 'chat_completions' | 'responses',
  body: Record<string, unknown>,
  format: unknown,
): Attributes {
  const attributes: Attributes = {
    [ATTR_OPENAI_API_TYPE]: apiType,
    [ATTR_GEN_AI_REQUEST_STREAM]: body.stream === true,
  }
  pickAttributes(body, SAMPLING, attributes)
  const type = isRecord(format) ? format.type : undefined
  if (typeof type === 'string') attributes[ATTR_GEN_AI_OUTPUT_TYPE] = type === 'text' ? 'text' : 'json'
  return attributes
}

/** Body field and attribute name pairs, for {@link pickAttributes}. */
export type Picks = ReadonlyArray<readonly [field: string, attribute: string]>

const SAMPLING: Picks = [
  ['temperature', ATTR_GEN_AI_REQUEST_TEMPERATURE],
  ['top_p', ATTR_GEN_AI_REQUEST_TOP_P],
  ['service_tier', ATTR_OPENAI_REQUEST_SERVICE_TIER],
]

/** The named finite numbers and non-empty strings of `body`, added to `attributes` under the given names. */
export function pickAttributes(
  body: Record<string, unknown>,
  names: Picks,
  attributes: Attributes,
): Attributes {
  for (const [field, attribute] of names) {
    const value = body[field]
    if (typeof value === 'number' && Number.isFinite(value)) attributes[attribute] = value
    else if (typeof value === 'string' && value !== '') attributes[attribute] = value
  }
  return attributes
}
