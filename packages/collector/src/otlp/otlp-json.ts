import { OtlpDecodeError } from './otlp-decode-error.js'

/*
 * Readers for the OTLP/JSON encoding (opentelemetry-proto docs/specification.md,
 * "JSON Protobuf Encoding"): the proto3 JSON mapping with hex trace/span ids and
 * integer enums. Each reader takes the lowerCamelCase name and the proto field
 * name, since proto3 JSON parsers must accept both; a null value means the
 * default, and keys the schema does not know are ignored.
 */

export type JsonObject = { readonly [key: string]: unknown }

const EMPTY_LIST: readonly unknown[] = Object.freeze([])
const UINT64_MAX = '18446744073709551615'
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const HEX_LOWER = /^[0-9a-f]*$/
const HEX_ANY_CASE = /^[0-9a-fA-F]*$/
const DECIMAL = /^-?[0-9]+$/

export function parseOtlpJson(body: Uint8Array): JsonObject {
  let text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
  // RFC 8259 §8.1 lets a parser ignore a byte order mark; JSON.parse does not.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new OtlpDecodeError(`body is not JSON (${(error as Error).message})`, { cause: error })
  }
  return asObject(parsed, 'the request body')
}

/** A short, safe rendering of an offending value for error messages. */
export function preview(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value)
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`
}

export function asObject(value: unknown, what: string): JsonObject {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject
  throw new OtlpDecodeError(`${what} must be an object, got ${preview(value)}`)
}

export function field(o: JsonObject, name: string, protoName: string): unknown {
  const value = o[name]
  if (value !== undefined && value !== null) return value
  if (protoName === name) return undefined
  const other = o[protoName]
  return other === null ? undefined : other
}

export function objectField(o: JsonObject, name: string, protoName: string): JsonObject | undefined {
  const value = field(o, name, protoName)
  return value === undefined ? undefined : asObject(value, name)
}

export function listField(o: JsonObject, name: string, protoName: string): readonly unknown[] {
  const value = field(o, name, protoName)
  if (value === undefined) return EMPTY_LIST
  if (Array.isArray(value)) return value
  throw new OtlpDecodeError(`${name} must be an array, got ${preview(value)}`)
}

export function stringField(o: JsonObject, name: string, protoName: string): string {
  const value = field(o, name, protoName)
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  throw new OtlpDecodeError(`${name} must be a string, got ${preview(value)}`)
}

export function boolField(o: JsonObject, name: string, protoName: string): boolean {
  const value = field(o, name, protoName)
  if (value === undefined) return false
  if (typeof value === 'boolean') return value
  throw new OtlpDecodeError(`${name} must be a boolean, got ${preview(value)}`)
}

/**
 * An int32/uint32 or enum field. OTLP/JSON requires enums as integers; the
 * value names of the proto3 JSON mapping are accepted too when `enumNames`
 * (indexed by number) is given, as lenient senders use them.
 */
export function integerField(
  o: JsonObject,
  name: string,
  protoName: string,
  enumNames?: readonly string[],
): number {
  const value = field(o, name, protoName)
  if (value === undefined) return 0
  const n = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value
  if (typeof n === 'number' && Number.isInteger(n) && n >= -0x80000000 && n <= 0xffffffff) return n
  const index = typeof value === 'string' && enumNames ? enumNames.indexOf(value) : -1
  if (index >= 0) return index
  throw new OtlpDecodeError(`${name} must be an integer, got ${preview(value)}`)
}

/** A fixed64/uint64 (nanosecond timestamps, counts), as a string or a number, kept as its exact decimal. */
export function uint64Field(o: JsonObject, name: string, protoName: string): string {
  const value = field(o, name, protoName)
  return value === undefined ? '0' : uint64Of(value, name)
}

export function uint64Of(value: unknown, name: string): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= 20 && DECIMAL.test(value)) {
    if (value.charCodeAt(0) !== 45 && (value.length < 20 || value <= UINT64_MAX)) {
      return value.length > 1 && value.charCodeAt(0) === 48 ? BigInt(value).toString() : value
    }
  }
  // JSON numbers above 2^53 already lost precision in JSON.parse; take them as they came.
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 64) {
    return String(value)
  }
  throw new OtlpDecodeError(`${name} must be an unsigned 64-bit integer, got ${preview(value)}`)
}

/** An int64 (AnyValue.intValue): a number while exact, else its decimal string. */
export function int64Of(value: unknown, name: string): number | string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value
  if (typeof value === 'string' && value.length <= 20 && DECIMAL.test(value)) {
    const n = Number(value)
    if (Number.isSafeInteger(n)) return n
    const big = BigInt(value)
    if (big >= INT64_MIN && big <= INT64_MAX) return big.toString()
  }
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2 ** 63) {
    return BigInt(value).toString()
  }
  throw new OtlpDecodeError(`${name} must be a signed 64-bit integer, got ${preview(value)}`)
}

/** A double: a number, or per proto3 JSON a string such as "NaN", "Infinity" or "1.5". */
export function doubleOf(value: unknown, name: string): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN
    const n = value.trim() === '' ? Number.NaN : Number(value)
    if (!Number.isNaN(n)) return n
  }
  throw new OtlpDecodeError(`${name} must be a number, got ${preview(value)}`)
}

/**
 * A trace or span id. OTLP/JSON sends ids as case-insensitive hex, not the
 * base64 of the generic proto3 mapping; a base64 id is the usual mistake, so
 * the message says so. '' (or no id) stays ''.
 */
export function hexIdField(o: JsonObject, name: string, protoName: string, hexLength: number): string {
  const value = field(o, name, protoName)
  if (value === undefined || value === '') return ''
  if (typeof value !== 'string') {
    throw new OtlpDecodeError(`${name} must be a hex string, got ${preview(value)}`)
  }
  if (value.length === hexLength) {
    if (HEX_LOWER.test(value)) return value
    if (HEX_ANY_CASE.test(value)) return value.toLowerCase()
  }
  throw new OtlpDecodeError(
    `${name} must be ${hexLength} hex characters (OTLP/JSON ids are hex, not base64), got ${preview(value)} (${value.length} characters)`,
  )
}

/**
 * Prefixes a shape error with where it happened, e.g.
 * `resourceSpans[0].scopeSpans[1].spans[7]: traceId must be …`. `indexes`
 * holds the position reached at each level, -1 for levels not entered yet.
 */
export function locate(error: unknown, names: readonly string[], indexes: readonly number[]): unknown {
  if (!(error instanceof OtlpDecodeError)) return error
  let path = ''
  for (let d = 0; d < names.length && (indexes[d] ?? -1) >= 0; d++) {
    path += `${d === 0 ? '' : '.'}${names[d]}[${indexes[d]}]`
  }
  return path === '' ? error : new OtlpDecodeError(`${path}: ${error.message}`, { cause: error.cause })
}
