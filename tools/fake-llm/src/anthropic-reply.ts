import { estimateTokens } from './fake-llm-server.js'

/** What the fake Anthropic model answers: its text and why it stopped (`end_turn` unless said). */
export interface FakeAnthropicReply {
  text: string
  stopReason?: string
}

/** Token counts in Anthropic's terms: `input` EXCLUDES the cache reads and writes. */
export interface FakeAnthropicPromptTokens {
  input: number
  cacheRead: number
  cacheCreation: number
}

type Body = Record<string, unknown>

/** The default reply: deterministic, derived from the last user text, so tests can predict it. */
export function defaultAnthropicReply(body: Body): FakeAnthropicReply {
  const messages = Array.isArray(body.messages) ? body.messages : []
  const lastUser = [...messages].reverse().find((message) => record(message)?.role === 'user')
  const said = contentText(record(lastUser)?.content).slice(0, 80)
  return { text: `Fake reply from ${String(body.model)} to: ${said}` }
}

/**
 * Applies `max_tokens` as the real API does: the text is cut at the limit and
 * the stop reason becomes `max_tokens`.
 */
export function limitReply(reply: FakeAnthropicReply, maxTokens: number): Required<FakeAnthropicReply> {
  if (estimateTokens(reply.text) <= maxTokens)
    return { text: reply.text, stopReason: reply.stopReason ?? 'end_turn' }
  return { text: reply.text.slice(0, maxTokens * 4), stopReason: 'max_tokens' }
}

/**
 * Prompt caching as Anthropic bills it, with the server's memory as the cache:
 * the prompt up to the last block marked `cache_control` (tools, then system,
 * then messages) is the cached prefix. The first request with a prefix writes
 * it (`cache_creation_input_tokens`), later ones read it
 * (`cache_read_input_tokens`); `input_tokens` counts only what follows it.
 */
export class FakePromptCache {
  readonly #prefixes = new Set<string>()

  count(body: Body): FakeAnthropicPromptTokens {
    const segments = promptSegments(body)
    const last = segments.findLastIndex((segment) => segment.cached)
    const text = (from: number, to: number) =>
      segments
        .slice(from, to)
        .map((segment) => segment.text)
        .join('\n')
    if (last < 0) return { input: estimateTokens(text(0, segments.length)), cacheRead: 0, cacheCreation: 0 }
    const prefix = text(0, last + 1)
    const rest = text(last + 1, segments.length)
    const prefixTokens = estimateTokens(prefix)
    const input = rest === '' ? 0 : estimateTokens(rest)
    if (this.#prefixes.has(prefix)) return { input, cacheRead: prefixTokens, cacheCreation: 0 }
    this.#prefixes.add(prefix)
    return { input, cacheRead: 0, cacheCreation: prefixTokens }
  }
}

/** Input tokens of the whole prompt, as `count_tokens` reports them (no cache involved). */
export function countPromptTokens(body: Body): number {
  return estimateTokens(
    promptSegments(body)
      .map((segment) => segment.text)
      .join('\n'),
  )
}

interface Segment {
  text: string
  cached: boolean
}

function promptSegments(body: Body): Segment[] {
  const segments: Segment[] = []
  const add = (content: unknown) => {
    if (typeof content === 'string') segments.push({ text: content, cached: false })
    else if (Array.isArray(content))
      for (const block of content) segments.push({ text: blockText(block), cached: isCached(block) })
  }
  if (Array.isArray(body.tools)) add(body.tools)
  add(body.system)
  for (const message of Array.isArray(body.messages) ? body.messages : []) add(record(message)?.content)
  return segments
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content.map((block) => (record(block)?.type === 'text' ? String(record(block)?.text) : '')).join(' ')
}

function blockText(block: unknown): string {
  const fields = record(block)
  if (fields === undefined) return String(block)
  if (fields.type === 'text' && typeof fields.text === 'string') return fields.text
  const { cache_control: _, ...rest } = fields
  return JSON.stringify(rest)
}

function isCached(block: unknown): boolean {
  return record(record(block)?.cache_control) !== undefined
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}
