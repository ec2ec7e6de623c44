import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from './attributes.js'

/**
 * Token counts of one model call, in the GenAI semantic conventions' terms:
 * `inputTokens` INCLUDES cached tokens and `outputTokens` INCLUDES reasoning
 * tokens; the other two are subsets. (Anthropic reports `input_tokens` without
 * the cache: pass `input_tokens + cache_read_input_tokens + cache_creation_input_tokens`.)
 *
 * @example
 * ```ts
 * const usage: TokenUsage = {
 *   inputTokens: res.usage.prompt_tokens,
 *   outputTokens: res.usage.completion_tokens,
 *   cachedInputTokens: res.usage.prompt_tokens_details?.cached_tokens,
 * }
 * ```
 */
export interface TokenUsage {
  inputTokens?: number
  outputTokens?: number
  cachedInputTokens?: number
  reasoningTokens?: number
}

const ATTRIBUTE_OF: Record<keyof TokenUsage, string> = {
  inputTokens: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  outputTokens: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  cachedInputTokens: ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  reasoningTokens: ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
}

const KEYS = Object.keys(ATTRIBUTE_OF) as Array<keyof TokenUsage>

/**
 * Merges usage reports field by field; a later report wins, but a field it
 * leaves undefined keeps the earlier value. Counts that are not non-negative
 * integers are left out and named in `invalid`, so a provider's odd payload
 * never becomes a nonsense attribute.
 */
export function mergeUsage(reports: ReadonlyArray<TokenUsage | undefined>): {
  usage: TokenUsage
  invalid: string[]
} {
  const usage: TokenUsage = {}
  let invalid: string[] | undefined
  for (const report of reports) invalid = addUsage(usage, report, invalid)
  return { usage, invalid: invalid ?? [] }
}

/**
 * Merges one report into `usage` (see {@link mergeUsage}); returns `invalid`
 * with this report's bad counts added, created only when there are some.
 */
export function addUsage(
  usage: TokenUsage,
  report: unknown,
  invalid: string[] | undefined,
): string[] | undefined {
  if (typeof report !== 'object' || report === null) return invalid
  for (const key of KEYS) {
    const value: unknown = (report as TokenUsage)[key]
    if (value === undefined || value === null) continue
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
      usage[key] = value
    } else {
      invalid ??= []
      invalid.push(`${key}=${JSON.stringify(value)}`)
    }
  }
  return invalid
}

/** The span attributes for a usage. */
export function usageAttributes(usage: TokenUsage): Attributes {
  const attributes: Attributes = {}
  for (const key of KEYS) {
    if (usage[key] !== undefined) attributes[ATTRIBUTE_OF[key]] = usage[key]
  }
  return attributes
}
