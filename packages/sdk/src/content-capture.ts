import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
} from './attributes.js'
import { fitJson } from './fit-json.js'
import { describeError, type VigilLogger } from './logger.js'
import { redactText } from './redact.js'

/**
 * A message in the GenAI conventions' JSON shape: `{ role, parts: [{ type: 'text', content }…] }`.
 *
 * @example
 * ```ts
 * const message: GenAiMessage = { role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] }
 * ```
 */
export interface GenAiMessage {
  role: string
  parts: Array<
    | { type: 'text'; content: string }
    | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
    | { type: 'tool_call_response'; id?: string; response: unknown }
  >
  finish_reason?: string
}

/** Which content attribute: prompt messages, completion messages, or system instructions. */
export type ContentKind = 'input' | 'output' | 'system'

export const REDACTION_FAILED = '[redaction failed]'
const TRUNCATED = '…[truncated]'
// Texts are cut to this much beyond the limit BEFORE redaction, to bound its cost;
// the final cut (at most the limit) then drops any secret the first cut split.
const PRE_CUT_MARGIN = 4096
const MAX_DEPTH = 8

const ATTRIBUTE: Record<ContentKind, string> = {
  input: ATTR_GEN_AI_INPUT_MESSAGES,
  output: ATTR_GEN_AI_OUTPUT_MESSAGES,
  system: ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
}

export interface ContentCaptureOptions {
  enabled: boolean
  /** The app's redactor, run after the built-in one; anything else than a function fails closed. */
  redact: unknown
  maxLength: number
  logger: VigilLogger
}

/**
 * Turns prompts and completions into content attributes, safely: nothing when
 * capture is off; otherwise every text is redacted first (built-in patterns,
 * then the app's `redact`), and a text whose redaction fails is replaced by a
 * placeholder, never kept raw. The JSON is kept under `maxLength` by cutting the
 * longest texts first, so it stays valid JSON.
 */
export class ContentCapture {
  private warnedFailure = false

  constructor(private readonly options: ContentCaptureOptions) {}

  get enabled(): boolean {
    return this.options.enabled
  }

  /** The attribute name and JSON for `content`, or undefined when capture is off or the input is unusable. */
  attribute(kind: ContentKind, content: string | readonly GenAiMessage[]): [string, string] | undefined {
    if (!this.options.enabled) return undefined
    if (!Object.hasOwn(ATTRIBUTE, kind)) {
      this.options.logger.warn(`Content ignored: kind ${String(kind)} is not 'input', 'output' or 'system'.`)
      return undefined
    }
    const messages = typeof content === 'string' ? [textMessage(kind, content)] : content
    if (!Array.isArray(messages)) {
      this.options.logger.warn(
        `Content ignored: expected a string or an array of messages, got ${typeof content}.`,
      )
      return undefined
    }
    const cleaned = messages.filter(isObject).map((message) => this.cleanMessage(message))
    // The conventions define system instructions as a list of parts, not messages.
    const value = kind === 'system' ? cleaned.flatMap((message) => message.parts) : cleaned
    return [ATTRIBUTE[kind], fitJson(value, this.options.maxLength)]
  }

  /**
   * A free text outside any message (a feedback comment, a corrected reply),
   * redacted as captured content is and cut to `maxLength`. Not gated by
   * `enabled`: the caller decides whether the text is content.
   */
  text(text: string): string {
    const redacted = this.redact(text)
    const max = this.options.maxLength
    return redacted.length <= max ? redacted : `${redacted.slice(0, max - TRUNCATED.length)}${TRUNCATED}`
  }

  private cleanMessage(message: Record<string, unknown>): Record<string, unknown> & { parts: unknown[] } {
    const parts = Array.isArray(message.parts) ? message.parts.filter(isObject) : []
    const cleaned: Record<string, unknown> & { parts: unknown[] } = {
      role: typeof message.role === 'string' ? message.role : 'user',
      parts: parts.map((part) => this.cleanPart(part)),
    }
    if (typeof message.finish_reason === 'string') cleaned.finish_reason = message.finish_reason
    return cleaned
  }

  /** Known part types keep their fields, with every free text redacted; unknown ones keep only their type. */
  private cleanPart(part: Record<string, unknown>): Record<string, unknown> {
    const type = typeof part.type === 'string' ? part.type : 'unknown'
    const keep = (key: string): Record<string, unknown> =>
      typeof part[key] === 'string' ? { [key]: part[key] } : {}
    switch (type) {
      case 'text':
      case 'reasoning':
        return { type, content: this.redactDeep(String(part.content ?? ''), 0) }
      case 'tool_call':
        return { type, ...keep('id'), ...keep('name'), arguments: this.redactDeep(part.arguments, 0) }
      case 'tool_call_response':
        return { type, ...keep('id'), response: this.redactDeep(part.response, 0) }
      default:
        return { type }
    }
  }

  private redactDeep(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redact(value)
    if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) {
      return typeof value === 'object' && value !== null ? '[omitted]' : value
    }
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item, depth + 1))
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [this.redact(key), this.redactDeep(item, depth + 1)]),
    )
  }

  private redact(text: string): string {
    const cut = text.slice(0, this.options.maxLength + PRE_CUT_MARGIN)
    const builtIn = redactText(cut)
    const custom = this.options.redact
    if (custom === undefined) return builtIn
    try {
      if (typeof custom !== 'function') throw new TypeError('init({ redact }) is not a function')
      const result: unknown = custom(builtIn)
      if (typeof result !== 'string') throw new TypeError(`redact returned ${typeof result}, not a string`)
      return result
    } catch (error) {
      this.reportFailure(error)
      return REDACTION_FAILED
    }
  }

  private reportFailure(error: unknown): void {
    const message = `Your redact function failed, so the text was replaced by "${REDACTION_FAILED}": ${describeError(error)}`
    if (this.warnedFailure) {
      this.options.logger.debug(message)
      return
    }
    this.warnedFailure = true
    this.options.logger.warn(`${message}. Fix init({ redact }); repeats are logged at debug level.`)
  }
}

function textMessage(kind: ContentKind, content: string): GenAiMessage {
  const role = kind === 'output' ? 'assistant' : kind === 'system' ? 'system' : 'user'
  return { role, parts: [{ type: 'text', content }] }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
