import type { Attributes, AttributeValue } from '../otlp/otlp-types.js'

/**
 * Readers that turn OTLP attribute values into column values. Instrumentations
 * disagree on types (a token count may arrive as an int, a double or a
 * string; a flag as a bool or `"true"`), so every reader accepts all of them.
 */

const NANOS_PER_MS = 1_000_000n

/** The first of `names` that carries a value; '' and null count as absent. */
export function first(attrs: Attributes, names: readonly string[]): AttributeValue | undefined {
  for (const name of names) {
    const value = attrs[name]
    if (value !== undefined && value !== null && value !== '') return value
  }
  return undefined
}

export function asString(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

export function asNumber(value: AttributeValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value)
    return Number.isFinite(parsed) ? parsed : null
  }
  return null
}

/** Token counts: non-negative integers, or null when absent or nonsensical (never a made-up 0). */
export function asCount(value: AttributeValue | undefined): number | null {
  const n = asNumber(value)
  return n === null || n < 0 ? null : Math.round(n)
}

export function asFlag(value: AttributeValue | undefined): 0 | 1 {
  return value === true || value === 'true' || value === 1 ? 1 : 0
}

/** A string[] attribute; a lone string becomes a one-item list, and a JSON-encoded list is decoded. */
export function asStringList(value: AttributeValue | undefined): string[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map((v) => asString(v))
  if (value === undefined || value === null || value === '') return []
  if (typeof value === 'string' && value.startsWith('[')) {
    const parsed = parseJson(value)
    if (Array.isArray(parsed)) return asStringList(parsed as AttributeValue)
  }
  return [asString(value)]
}

/** A JSON-encoded attribute (e.g. `llm.invocation_parameters`); undefined when absent or not JSON. */
export function parseJson(value: AttributeValue | undefined): unknown {
  if (typeof value !== 'string') return value ?? undefined
  try {
    return JSON.parse(value)
  } catch {
    return undefined
  }
}

/** A JSON object attribute, or already-structured kvlist; {} otherwise. */
export function asRecord(value: AttributeValue | undefined): Record<string, unknown> {
  const parsed = parseJson(value)
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {}
}

/** Every attribute as a string: the `attributes` map columns keep what Vigil does not map. */
export function stringMap(attrs: Attributes): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key in attrs) out[key] = asString(attrs[key])
  return out
}

/** The attributes under `prefix.` with the prefix removed (`ai.telemetry.metadata.user_id` → `user_id`). */
export function withPrefix(attrs: Attributes, prefix: string): Attributes {
  const out: Attributes = {}
  const start = `${prefix}.`
  for (const key in attrs) {
    if (key.startsWith(start)) out[key.slice(start.length)] = attrs[key] as AttributeValue
  }
  return out
}

/**
 * Flattened lists, as OpenLLMetry and OpenInference send them
 * (`gen_ai.prompt.0.role`, `llm.input_messages.1.message.content`): the
 * entries under `prefix.{i}.`, in index order, each with its keys relative to
 * the index.
 */
export function indexedEntries(attrs: Attributes, prefix: string): Attributes[] {
  const byIndex = new Map<number, Attributes>()
  const start = `${prefix}.`
  for (const key in attrs) {
    if (!key.startsWith(start)) continue
    const rest = key.slice(start.length)
    const dot = rest.indexOf('.')
    if (dot <= 0) continue
    const index = Number(rest.slice(0, dot))
    if (!Number.isInteger(index) || index < 0) continue
    const entry = byIndex.get(index) ?? {}
    byIndex.set(index, entry)
    entry[rest.slice(dot + 1)] = attrs[key] as AttributeValue
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry)
}

export function hasKeyWithPrefix(attrs: Attributes, prefix: string): boolean {
  for (const key in attrs) if (key.startsWith(prefix)) return true
  return false
}

/** Milliseconds between two decimal nanosecond timestamps, keeping sub-millisecond precision. */
export function durationMs(start: string, end: string): number {
  try {
    const nanos = BigInt(end) - BigInt(start)
    if (nanos <= 0n) return 0
    return Number(nanos / NANOS_PER_MS) + Number(nanos % NANOS_PER_MS) / 1e6
  } catch {
    return 0
  }
}
