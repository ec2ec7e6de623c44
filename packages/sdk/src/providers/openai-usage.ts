import type { TokenUsage } from '../token-usage.js'

// OpenAI's counts already follow the GenAI conventions: prompt/input tokens
// include the cached ones, completion/output tokens include reasoning. So each
// maps one to one; a count the provider did not send stays undefined (unknown),
// never 0.

/** Where one OpenAI API puts each count in its `usage` object. */
interface UsageFields {
  input: string
  output: string
  /** Holds `cached_tokens`. */
  inputDetails: string
  /** Holds `reasoning_tokens`. */
  outputDetails: string
}

const CHAT_FIELDS: UsageFields = {
  input: 'prompt_tokens',
  output: 'completion_tokens',
  inputDetails: 'prompt_tokens_details',
  outputDetails: 'completion_tokens_details',
}

const RESPONSES_FIELDS: UsageFields = {
  input: 'input_tokens',
  output: 'output_tokens',
  inputDetails: 'input_tokens_details',
  outputDetails: 'output_tokens_details',
}

/** Chat Completions `usage` (also the usage-only chunk of a stream). */
export function chatUsage(usage: unknown): TokenUsage | undefined {
  return tokenUsage(usage, CHAT_FIELDS)
}

/** Responses API `response.usage`. */
export function responsesUsage(usage: unknown): TokenUsage | undefined {
  return tokenUsage(usage, RESPONSES_FIELDS)
}

/** Embeddings `usage`: input tokens only; an embedding has no output tokens to report. */
export function embeddingsUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined
  return { inputTokens: count(usage.prompt_tokens) }
}

function tokenUsage(usage: unknown, fields: UsageFields): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined
  return {
    inputTokens: count(usage[fields.input]),
    outputTokens: count(usage[fields.output]),
    cachedInputTokens: count(field(usage[fields.inputDetails], 'cached_tokens')),
    reasoningTokens: count(field(usage[fields.outputDetails], 'reasoning_tokens')),
  }
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
