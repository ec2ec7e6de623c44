import { OtlpDecodeError } from './otlp-decode-error.js'

const TWO_POW_32 = 4294967296
/** Below this high word a 64-bit value is under 2^53 and a double holds it exactly. */
const SAFE_HIGH = 0x200000
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * Ids travel as raw bytes (trace.proto: "The ID is a 16-byte array" / "8-byte
 * array"); Vigil keeps them as lowercase hex, the form OTLP/JSON uses. An empty
 * id stays ''; any other length than the spec's is rejected rather than stored
 * under a key no other span can match.
 */
export function idToHex(
  bytes: Uint8Array,
  start: number,
  end: number,
  byteLength: number,
  field: string,
): string {
  const n = end - start
  if (n === 0) return ''
  if (n !== byteLength) throw new OtlpDecodeError(`${field} must be ${byteLength} bytes, got ${n}`)
  let hex = ''
  for (let i = start; i < end; i++) hex += HEX_PAIRS[bytes[i] as number]
  return hex
}

/**
 * An unsigned 64-bit value given as its two 32-bit halves (the fixed64
 * nanosecond timestamps), as an exact decimal string. Timestamps are ~1.7e18,
 * beyond 2^53, so this is the hot path: the value is split into three base-1e7
 * digits computed with exact doubles, several times faster than BigInt.
 */
export function bitsToDecimal(lo: number, hi: number): string {
  if (hi < SAFE_HIGH) return String(hi * TWO_POW_32 + lo)
  // value = c·2^48 + b·2^24 + a, with 2^24 = 1·1e7 + 6777216 and 2^48 = 2·1e14 + 8147497·1e7 + 6710656.
  const a = lo & 0xffffff
  const b = ((lo >>> 24) | (hi << 8)) & 0xffffff
  const c = hi >>> 16
  let d0 = a + b * 6777216 + c * 6710656
  let d1 = b + c * 8147497 + Math.floor(d0 / 1e7)
  d0 %= 1e7
  const d2 = c * 2 + Math.floor(d1 / 1e7)
  d1 %= 1e7
  // d2 ≥ 90 here because the value is ≥ 2^53; padding through `+ 1e7` keeps leading zeros.
  return `${d2}${String(d1 + 1e7).slice(1)}${String(d0 + 1e7).slice(1)}`
}

/** A signed int64 from its two's-complement halves: a number while exact, else the decimal string. */
export function bitsToInt64Value(lo: number, hi: number): number | string {
  const n = (hi | 0) * TWO_POW_32 + lo
  if (Number.isSafeInteger(n)) return n
  return ((BigInt(hi | 0) << 32n) + BigInt(lo)).toString()
}
