import type { TokenUsage } from '../token-usage.js'

// OpenAI's counts already follow the GenAI conventions: prompt/input tokens
// include the cached ones, completion/output tokens include reasoning. So each
// maps one to one; a count the provider did not send stays undefined (unknown),
// never 0.

/** Chat Completions `usage` (also the usage-only chunk of a stream). */
export function chatUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined
  return {
    inputTokens: count(usage.prompt_tokens),
    outputTokens: count(usage.completion_tokens),
    cachedInputTokens: count(field(usage.prompt_tokens_details, 'cached_tokens')),
    reasoningTokens: count(field(usage.completion_tokens_details, 'reasoning_tokens')),
  }
}

/** Responses API `response.usage`. */
export function responsesUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cachedInputTokens: count(field(usage.input_tokens_details, 'cached_tokens')),
    reasoningTokens: count(field(usage.output_tokens_details, 'reasoning_tokens')),
  }
}

/** Embeddings `usage`: input tokens only; an embedding has no output tokens to report. */
export function embeddingsUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined
  return { inputTokens: count(usage.prompt_tokens) }
}

/** Numbers pass as they are: the recorder validates counts and logs odd ones. */
function count(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
