import type { Attributes, AttributeValue } from '../otlp/otlp-types.js'
import { attributeNames, genAiMarkers, vigilNames } from './attribute-names.js'

/**
 * How much of one span's or log record's attributes the collector keeps. The
 * OpenTelemetry SDKs apply the same kind of limits on the sending side
 * (specification "Attribute Limits": AttributeCountLimit defaults to 128,
 * AttributeValueLengthLimit truncates strings), but a receiver cannot trust
 * senders to have them on: a single huge span must be stored capped, never
 * refused wholesale and never allowed to blow up memory or ClickHouse parts.
 */
export interface AttributeLimits {
  /** Attributes kept per span, span event or log record; the most useful names are kept first. */
  maxAttributes: number
  /** Longest ordinary value kept, in UTF-8 bytes; longer strings are truncated. */
  maxValueBytes: number
  /** Longest prompt / completion value (and log body) kept, in UTF-8 bytes. */
  maxContentBytes: number
  /** Attributes whose key is longer than this (UTF-16 units) are dropped: keys become map keys. */
  maxKeyLength: number
  /** Span events kept per span (SDK default EventCountLimit is 128 too). */
  maxEvents: number
}

const KiB = 1024

export const defaultAttributeLimits: AttributeLimits = {
  maxAttributes: 128,
  maxValueBytes: 8 * KiB,
  maxContentBytes: 256 * KiB,
  maxKeyLength: KiB,
  maxEvents: 128,
}

/** Running totals over one request, for the self-metrics. */
export interface CapTally {
  truncated: number
  dropped: number
}

// Names Vigil reads come first when a span has too many attributes, then the
// families of the instrumentations it understands, then everything else.
const PRIORITY_NAMES = new Set<string>([
  ...Object.values(attributeNames).flat(),
  ...Object.values(vigilNames),
  ...genAiMarkers,
])
const PRIORITY_PREFIXES = [
  'vigil.',
  'gen_ai.',
  'llm.',
  'ai.',
  'openinference.',
  'traceloop.',
  'session.',
  'user.',
]

// Prompts and completions are what people open a trace for, so they get the
// larger allowance (GenAI semconv content attributes, OpenLLMetry, OpenInference, Vercel AI SDK).
const CONTENT_NAMES = new Set([
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'input.value',
  'output.value',
  'ai.prompt',
  'ai.prompt.messages',
  'ai.response.text',
  'ai.response.object',
  'ai.response.toolCalls',
  'ai.toolCall.args',
  'ai.toolCall.result',
])
const CONTENT_PATTERN =
  /^(gen_ai\.(prompt|completion)\.\d+\.content|llm\.(input|output)_messages\.\d+\.message\.content)$/

export function isContentAttribute(key: string): boolean {
  return CONTENT_NAMES.has(key) || CONTENT_PATTERN.test(key)
}

const encoder = new TextEncoder()
let scratch = new Uint8Array(0)

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes, never inside a character:
 * `encodeInto` writes whole characters only and reports how many UTF-16 units
 * it consumed, and it stops when the buffer is full, so a 5 MB string costs a
 * `maxBytes` copy, not a full encode.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  // UTF-8 needs at most 3 bytes per UTF-16 unit, and at least 1.
  if (text.length * 3 <= maxBytes) return text
  if (text.length <= maxBytes && Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  if (scratch.length < maxBytes) scratch = new Uint8Array(maxBytes)
  const { read } = encoder.encodeInto(text, scratch.subarray(0, maxBytes))
  return text.slice(0, read)
}

/**
 * Caps one value. Arrays and maps over the limit become their JSON text,
 * truncated: storage keeps attributes as strings anyway (`asString` in the
 * mappers), so the row shows what arrived, cut. Returns the same value when it fits.
 */
export function capValue(value: AttributeValue, maxBytes: number): AttributeValue {
  if (typeof value === 'string') return truncateUtf8(value, maxBytes)
  if (value === null || typeof value !== 'object') return value
  if (sizeWithin(value, maxBytes) <= maxBytes) return value
  return truncateUtf8(JSON.stringify(value), maxBytes)
}

/**
 * Caps an attribute map: drops over-long keys, keeps at most `maxAttributes`
 * by priority, truncates long values. Returns the map to use (the same object
 * when nothing was over the count) and adds what it did to `tally`.
 */
export function capAttributes(attrs: Attributes, limits: AttributeLimits, tally: CapTally): Attributes {
  let count = 0
  let longKey = false
  for (const key in attrs) {
    count++
    if (key.length > limits.maxKeyLength) longKey = true
  }
  const kept = count > limits.maxAttributes || longKey ? keepByPriority(attrs, limits, tally) : attrs
  for (const key in kept) {
    const value = kept[key] as AttributeValue
    if (value === null || typeof value === 'number' || typeof value === 'boolean') continue
    const max = isContentAttribute(key) ? limits.maxContentBytes : limits.maxValueBytes
    const capped = capValue(value, max)
    if (capped !== value) {
      kept[key] = capped
      tally.truncated++
    }
  }
  return kept
}

function keepByPriority(attrs: Attributes, limits: AttributeLimits, tally: CapTally): Attributes {
  const first: string[] = []
  const second: string[] = []
  const rest: string[] = []
  let dropped = 0
  for (const key in attrs) {
    if (key.length > limits.maxKeyLength) dropped++
    else if (PRIORITY_NAMES.has(key)) first.push(key)
    else if (PRIORITY_PREFIXES.some((prefix) => key.startsWith(prefix))) second.push(key)
    else rest.push(key)
  }
  const keys = first.concat(second, rest)
  const kept: Attributes = {}
  const n = Math.min(keys.length, limits.maxAttributes)
  for (let i = 0; i < n; i++) {
    const key = keys[i] as string
    // Own-property define: a `__proto__` key must stay an attribute (see otlp/attributes.ts).
    Object.defineProperty(kept, key, {
      value: attrs[key],
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  tally.dropped += dropped + keys.length - n
  return kept
}

/** Approximate JSON size of a nested value, stopping early once past `budget`. */
function sizeWithin(value: AttributeValue, budget: number): number {
  if (value === null) return 4
  if (typeof value === 'string') return value.length + 2
  if (typeof value !== 'object') return 8
  let size = 2
  if (Array.isArray(value)) {
    for (const item of value) {
      size += sizeWithin(item, budget - size) + 1
      if (size > budget) return size
    }
    return size
  }
  for (const key in value) {
    size += key.length + 4 + sizeWithin(value[key] as AttributeValue, budget - size)
    if (size > budget) return size
  }
  return size
}
