import { OtlpDecodeError } from './otlp-decode-error.js'
import { bitsToDecimal, bitsToInt64Value, idToHex } from './proto-scalars.js'

/** Wire types (protobuf encoding guide, "Message Structure"). */
export const VARINT = 0
export const I64 = 1
export const LEN = 2
export const I32 = 5
const SGROUP = 3
const EGROUP = 4
const MAX_GROUP_DEPTH = 32
const TWO_POW_32 = 4294967296

/*
 * Attribute keys repeat in every span (`gen_ai.request.model`, …), and so do
 * many short values (`chat`, `openai`, model names). Decoding one costs a UTF-8
 * decode plus, for a key, hashing and interning it as a property name; a cached
 * string skips all three, which roughly doubled span decoding speed in
 * measurement. The cache is a fixed hash table of short ASCII strings (at most
 * 4096 × 64 bytes), checked byte by byte, so a collision only costs a decode.
 */
const KEY_CACHE_SIZE = 4096
const MAX_CACHED_KEY = 64
const keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE)

type Utf8Slicing = { utf8Slice?: (start: number, end: number) => string }
// Buffer#utf8Slice is what Buffer#toString('utf8') calls after checking its arguments.
const hasUtf8Slice = typeof (Buffer.prototype as Utf8Slicing).utf8Slice === 'function'

/**
 * Reads protobuf wire format straight from the request body, for the hot
 * ingest paths (traces, logs): no intermediate message objects, no Long
 * instances, fields Vigil does not read are skipped without decoding. Every
 * read is bounds-checked, so a truncated or corrupt body throws instead of
 * reading past its end; the decoders turn that into an OtlpDecodeError.
 */
export class ProtoReader {
  readonly buf: Buffer
  pos = 0
  /** The halves of the last 64-bit varint, as unsigned 32-bit numbers. */
  private lo = 0
  private hi = 0

  constructor(body: Uint8Array) {
    this.buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  }

  get length(): number {
    return this.buf.length
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new OtlpDecodeError('message truncated')
    return this.buf[this.pos++] as number
  }

  /** A varint's low 32 bits (tags, lengths, enums, uint32 counts); consumes all of its up to 10 bytes. */
  uint32(): number {
    let b = this.byte()
    if (b < 0x80) return b
    let value = b & 0x7f
    for (let shift = 7; shift < 35; shift += 7) {
      b = this.byte()
      value |= (b & 0x7f) << shift
      if (b < 0x80) return value >>> 0
    }
    // Bits beyond 32 (a negative int32 is sign-extended to 10 bytes) are dropped.
    for (let i = 5; i < 10; i++) if (this.byte() < 0x80) return value >>> 0
    throw new OtlpDecodeError('varint longer than 10 bytes')
  }

  /** An int32 or open enum field: the low 32 bits, signed. */
  int32(): number {
    return this.uint32() | 0
  }

  /** Reads a varint of up to 64 bits into `lo` and `hi`. */
  private varint64(): void {
    let lo = 0
    let hi = 0
    let b = 0x80
    for (let shift = 0; shift < 28 && b >= 0x80; shift += 7) {
      b = this.byte()
      lo |= (b & 0x7f) << shift
    }
    if (b >= 0x80) {
      b = this.byte()
      lo |= (b & 0x0f) << 28
      hi = (b & 0x7f) >> 4
      for (let shift = 3; shift < 32 && b >= 0x80; shift += 7) {
        b = this.byte()
        hi |= (b & 0x7f) << shift
      }
      if (b >= 0x80) throw new OtlpDecodeError('varint longer than 10 bytes')
    }
    this.lo = lo >>> 0
    this.hi = hi >>> 0
  }

  /** An int64 varint (AnyValue.int_value): a number while exact, else its decimal string. */
  int64Value(): number | string {
    this.varint64()
    return bitsToInt64Value(this.lo, this.hi)
  }

  bool(): boolean {
    this.varint64()
    return (this.lo | this.hi) !== 0
  }

  private fixedStart(size: number): number {
    const start = this.pos
    if (start + size > this.buf.length) throw new OtlpDecodeError('message truncated')
    this.pos = start + size
    return start
  }

  /** A fixed64 (the nanosecond timestamps) as its exact decimal string. */
  fixed64Decimal(): string {
    const at = this.fixedStart(8)
    return bitsToDecimal(this.buf.readUInt32LE(at), this.buf.readUInt32LE(at + 4))
  }

  /** A fixed64 count as a number, rounding beyond 2^53. */
  fixed64Number(): number {
    const at = this.fixedStart(8)
    return this.buf.readUInt32LE(at + 4) * TWO_POW_32 + this.buf.readUInt32LE(at)
  }

  /** An sfixed64 (NumberDataPoint.as_int) as a number, rounding beyond 2^53. */
  sfixed64Number(): number {
    const at = this.fixedStart(8)
    return this.buf.readInt32LE(at + 4) * TWO_POW_32 + this.buf.readUInt32LE(at)
  }

  double(): number {
    return this.buf.readDoubleLE(this.fixedStart(8))
  }

  /** A packed repeated fixed64 or double field (proto3 packs repeated scalars by default). */
  packed(limit: number, read: (this: ProtoReader) => number, into: number[]): void {
    const end = this.end(limit)
    if ((end - this.pos) % 8 !== 0) {
      throw new OtlpDecodeError('packed 64-bit field length is not a multiple of 8')
    }
    while (this.pos < end) into.push(read.call(this))
  }

  /** Reads a length prefix and returns where the field ends, checked against the enclosing message. */
  end(limit: number): number {
    const length = this.uint32()
    const end = this.pos + length
    if (end > limit) throw new OtlpDecodeError('length-delimited field runs past the end of its message')
    return end
  }

  string(limit: number): string {
    const end = this.end(limit)
    const text = this.utf8(this.pos, end)
    this.pos = end
    return text
  }

  private utf8(start: number, end: number): string {
    return hasUtf8Slice
      ? (this.buf as unknown as Required<Utf8Slicing>).utf8Slice(start, end)
      : this.buf.toString('utf8', start, end)
  }

  /** A string likely to repeat across spans (attribute keys, short values), through the key cache. */
  recurringString(limit: number): string {
    const end = this.end(limit)
    const start = this.pos
    this.pos = end
    const length = end - start
    if (length > MAX_CACHED_KEY) return this.utf8(start, end)
    const buf = this.buf
    let hash = length
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), 0x01000193)
    const slot = (hash >>> 0) & (KEY_CACHE_SIZE - 1)
    const cached = keyCache[slot]
    if (cached !== undefined && cached.length === length) {
      let i = 0
      while (i < length && cached.charCodeAt(i) === buf[start + i]) i++
      if (i === length) return cached
    }
    const text = this.utf8(start, end)
    // Only an ASCII key has one char per byte, which the comparison above relies on.
    if (text.length === length) keyCache[slot] = text
    return text
  }

  bytesBase64(limit: number): string {
    const end = this.end(limit)
    const text = this.buf.toString('base64', this.pos, end)
    this.pos = end
    return text
  }

  /** A trace or span id of `byteLength` bytes, as lowercase hex; '' when empty. */
  id(limit: number, byteLength: number, field: string): string {
    const end = this.end(limit)
    const hex = idToHex(this.buf, this.pos, end, byteLength, field)
    this.pos = end
    return hex
  }

  /** Skips a field this schema does not read (unknown fields must be ignored), including legacy groups. */
  skip(tag: number, limit: number, depth = 0): void {
    const wireType = tag & 7
    if (tag >>> 3 === 0) throw new OtlpDecodeError(`invalid field number 0 at offset ${this.pos}`)
    if (wireType === VARINT) this.varint64()
    else if (wireType === I64) this.fixedStart(8)
    else if (wireType === LEN) this.pos = this.end(limit)
    else if (wireType === I32) this.fixedStart(4)
    else if (wireType === SGROUP && depth < MAX_GROUP_DEPTH) {
      for (;;) {
        const inner = this.uint32()
        if ((inner & 7) === EGROUP) break
        this.skip(inner, limit, depth + 1)
      }
    } else throw new OtlpDecodeError(`invalid wire type ${wireType} at offset ${this.pos}`)
  }

  /** Called after a sub-message's loop: reading past its declared end means the body is corrupt. */
  finish(end: number): void {
    if (this.pos !== end) throw new OtlpDecodeError('field runs past the end of its message')
  }
}
