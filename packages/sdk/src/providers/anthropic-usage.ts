import type { TokenUsage } from '../token-usage.js'

/** Token counts of an Anthropic answer, converted to the GenAI conventions. */
export interface AnthropicTokenCounts {
  usage: TokenUsage
  /** `gen_ai.usage.cache_creation.input_tokens`, which {@link TokenUsage} has no field for yet. */
  cacheCreationInputTokens?: number
}

/** The counts in Anthropic's `usage` object that add up to the input the model read. */
const INPUT_PARTS = ['input_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const

/**
 * Converts Anthropic's `usage` to GenAI terms. Anthropic's `input_tokens`
 * EXCLUDES the tokens read from and written to the prompt cache, while
 * `gen_ai.usage.input_tokens` INCLUDES them, so input is the sum of the three
 * (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance).
 * A count that is missing or not a number stays unknown: never 0.
 *
 * @example
 * ```ts
 * anthropicTokenCounts({ input_tokens: 10, cache_read_input_tokens: 1000, cache_creation_input_tokens: 0, output_tokens: 5 })
 * // { usage: { inputTokens: 1010, outputTokens: 5, cachedInputTokens: 1000 }, cacheCreationInputTokens: 0 }
 * ```
 */
export function anthropicTokenCounts(usage: unknown): AnthropicTokenCounts {
  const fields = asRecord(usage)
  const uncached = count(fields.input_tokens)
  const cacheRead = count(fields.cache_read_input_tokens)
  const cacheCreation = count(fields.cache_creation_input_tokens)
  const counts: AnthropicTokenCounts = {
    usage: {
      // Without the uncached part the total is unknown; the cache counts alone would understate it.
      inputTokens: uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheCreation ?? 0),
      outputTokens: count(fields.output_tokens),
      cachedInputTokens: cacheRead,
    },
  }
  if (cacheCreation !== undefined) counts.cacheCreationInputTokens = cacheCreation
  return counts
}

/**
 * The usage of a streamed answer, from its two sources: `message_start` has
 * the input counts and only a placeholder for `output_tokens`; `message_delta`
 * has the final `output_tokens` and, in newer API versions, final input counts
 * that replace the earlier ones when present (non-null). Without
 * `message_delta` (a stream cut or abandoned before it) output stays unknown.
 */
export function streamedUsage(atStart: unknown, atDelta: unknown): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...asRecord(atStart), output_tokens: undefined }
  if (atDelta === undefined) return merged
  const delta = asRecord(atDelta)
  merged.output_tokens = delta.output_tokens
  for (const name of INPUT_PARTS)
    if (delta[name] !== undefined && delta[name] !== null) merged[name] = delta[name]
  return merged
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
