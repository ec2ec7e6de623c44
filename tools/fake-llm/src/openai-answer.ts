import { createHash } from 'node:crypto'
import { estimateTokens } from './fake-llm-server.js'

/**
 * What the fake OpenAI API answers to one request, decided from the request
 * alone so that two identical requests get identical answers (ids included):
 * tests compare what an app receives with and without instrumentation.
 *
 * Conventions a test can use to steer the answer:
 * - a model name containing `-cached` (e.g. `gpt-4o-cached`) reports half the
 *   prompt (rounded up) as `cached_tokens`, as a prompt-cache hit would;
 * - a reasoning model (`o1`, `o3-mini`, `o4-mini`, `gpt-5…`, or a name with
 *   `reasoning`) reports reasoning tokens, twice the visible output, counted
 *   inside the output tokens as OpenAI does;
 * - a prompt containing `[content_filter]` is refused: no text, finish reason
 *   `content_filter`;
 * - `max_tokens` / `max_completion_tokens` / `max_output_tokens` cut the
 *   visible text, finish reason `length`.
 */
export interface FakeOpenAiAnswer {
  /** Stable per request content, e.g. `3f9a…`; routes prefix it (`chatcmpl-`, `resp_`). */
  idSuffix: string
  /** The model as OpenAI names it in answers: a dated snapshot of the requested alias. */
  responseModel: string
  text: string
  finishReason: 'stop' | 'length' | 'content_filter'
  promptTokens: number
  completionTokens: number
  cachedTokens: number
  reasoningTokens: number
}

const SNAPSHOT_SUFFIX = '-2025-01-01'
const MAX_ECHO_CHARS = 400

export function answerFor(model: string, prompt: string, maxTokens: unknown): FakeOpenAiAnswer {
  const promptTokens = estimateTokens(prompt)
  const filtered = prompt.includes('[content_filter]')
  let text = filtered ? '' : `Fake answer to: ${prompt.slice(0, MAX_ECHO_CHARS)}`
  let finishReason: FakeOpenAiAnswer['finishReason'] = filtered ? 'content_filter' : 'stop'
  if (typeof maxTokens === 'number' && maxTokens > 0 && estimateTokens(text) > maxTokens) {
    // estimateTokens counts 4 characters a token, so this keeps exactly `maxTokens` tokens.
    text = text.slice(0, maxTokens * 4)
    finishReason = 'length'
  }
  const visibleTokens = text === '' ? 0 : estimateTokens(text)
  const reasoningTokens = isReasoningModel(model) ? visibleTokens * 2 : 0
  return {
    idSuffix: createHash('sha256').update(`${model}\n${prompt}`).digest('hex').slice(0, 24),
    responseModel: /\d{4}-\d{2}-\d{2}$/.test(model) ? model : `${model}${SNAPSHOT_SUFFIX}`,
    text,
    finishReason,
    promptTokens,
    completionTokens: visibleTokens + reasoningTokens,
    cachedTokens: model.includes('-cached') ? Math.ceil(promptTokens / 2) : 0,
    reasoningTokens,
  }
}

function isReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5)/.test(model) || model.includes('reasoning')
}

/** The text of chat messages or Responses API input, joined: what the fake "reads". */
export function promptText(input: unknown): string {
  if (typeof input === 'string') return input
  if (!Array.isArray(input)) return ''
  return input
    .map((item) => contentText((item as { content?: unknown } | null)?.content))
    .filter((text) => text !== '')
    .join('\n')
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((part) => (part as { text?: unknown } | null)?.text)
    .filter((text): text is string => typeof text === 'string')
    .join('')
}

/**
 * The reply cut into stream deltas, a word (with its leading space) each, so a
 * stream has several content chunks and joining them gives the text back.
 */
export function textDeltas(text: string): string[] {
  return text.match(/\s*\S+/g) ?? []
}
