// Scratch buffers up to this size are kept between batches; a larger one (a
// batch of spans with captured content) is let go after use.
const KEEP_BYTES = 4 * 1024 * 1024
const TWO_32 = 0x1_0000_0000
const SHORT_STRING = 32
// Value of each hex digit by character code; ids are lowercase hex, other characters read as 0.
const HEX = new Uint8Array(128)
for (let digit = 0; digit < 16; digit++) {
  HEX[digit.toString(16).charCodeAt(0)] = digit
  HEX[digit.toString(16).toUpperCase().charCodeAt(0)] = digit
}

/**
 * Protobuf wire-format writer for the OTLP encoder: one growing buffer,
 * nested messages written in place with a one-byte length slot that is widened
 * (the content shifted right) only when the message reaches 128 bytes, so
 * nothing is encoded twice and no intermediate objects are built. Encodings are
 * canonical (minimal varints), as protobuf encoders produce them.
 */
export class ProtoWriter {
  private static spare: Buffer | undefined
  buf: Buffer
  pos = 0

  constructor(initialBytes: number) {
    const spare = ProtoWriter.spare
    ProtoWriter.spare = undefined
    this.buf = spare !== undefined && spare.length >= initialBytes ? spare : Buffer.allocUnsafe(initialBytes)
  }

  /** A copy of the bytes written; the scratch buffer goes back for the next batch. */
  finish(): Uint8Array {
    const out = Buffer.allocUnsafe(this.pos)
    this.buf.copy(out, 0, 0, this.pos)
    if (this.buf.length <= KEEP_BYTES) ProtoWriter.spare = this.buf
    return out
  }

  ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes))
    this.buf.copy(grown, 0, 0, this.pos)
    this.buf = grown
  }

  /** A tag or small varint known to fit in one byte (field numbers below 16). */
  byte(value: number): void {
    this.ensure(1)
    this.buf[this.pos++] = value
  }

  /** Unsigned varint, or a negative integer as its 64-bit two's complement (10 bytes), as int64 is encoded. */
  varint(value: number): void {
    this.ensure(10)
    const buf = this.buf
    if (value >= 0 && value < TWO_32) {
      let v = value >>> 0
      while (v > 0x7f) {
        buf[this.pos++] = (v & 0x7f) | 0x80
        v >>>= 7
      }
      buf[this.pos++] = v
      return
    }
    let low: number
    let high: number
    if (value >= 0) {
      low = value >>> 0
      high = Math.floor(value / TWO_32) >>> 0
    } else {
      const abs = -value
      low = ~(abs >>> 0) >>> 0
      high = ~(Math.floor(abs / TWO_32) >>> 0) >>> 0
      low = (low + 1) >>> 0
      if (low === 0) high = (high + 1) >>> 0
    }
    while (high > 0 || low > 0x7f) {
      buf[this.pos++] = (low & 0x7f) | 0x80
      low = ((low >>> 7) | (high << 25)) >>> 0
      high >>>= 7
    }
    buf[this.pos++] = low
  }

  fixed32(value: number): void {
    this.ensure(4)
    this.le32(value)
  }

  fixed64(low: number, high: number): void {
    this.ensure(8)
    this.le32(low)
    this.le32(high)
  }

  private le32(value: number): void {
    const buf = this.buf
    let pos = this.pos
    buf[pos++] = value & 0xff
    buf[pos++] = (value >>> 8) & 0xff
    buf[pos++] = (value >>> 16) & 0xff
    buf[pos++] = (value >>> 24) & 0xff
    this.pos = pos
  }

  double(value: number): void {
    this.ensure(8)
    this.buf.writeDoubleLE(value, this.pos)
    this.pos += 8
  }

  /**
   * A length-prefixed UTF-8 string. Short ASCII strings are copied in a loop:
   * below ~32 characters that is cheaper than a call into native code.
   */
  string(text: string): void {
    const length = text.length
    if (length < SHORT_STRING) {
      this.ensure(length + 1)
      const buf = this.buf
      const start = this.pos + 1
      let i = 0
      while (i < length) {
        const code = text.charCodeAt(i)
        if (code > 0x7f) break
        buf[start + i] = code
        i++
      }
      if (i === length) {
        buf[this.pos] = length
        this.pos = start + length
        return
      }
    }
    if (length * 3 < 0x80) {
      // At most 3 bytes per UTF-16 unit: the length fits the one byte reserved before writing.
      this.ensure(length * 3 + 1)
      const written = this.buf.write(text, this.pos + 1, 'utf8')
      this.buf[this.pos] = written
      this.pos += written + 1
      return
    }
    const bytes = Buffer.byteLength(text, 'utf8')
    this.varint(bytes)
    this.ensure(bytes)
    this.pos += this.buf.write(text, this.pos, bytes, 'utf8')
  }

  /** Length-prefixed bytes. */
  bytes(value: Uint8Array): void {
    this.varint(value.length)
    this.ensure(value.length)
    this.buf.set(value, this.pos)
    this.pos += value.length
  }

  /** Pre-encoded bytes, copied as they are. */
  raw(value: Uint8Array): void {
    this.ensure(value.length)
    this.buf.set(value, this.pos)
    this.pos += value.length
  }

  /** A hex id (trace or span id) as length-prefixed bytes, without an intermediate array. */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1
    this.ensure(length + 1)
    const buf = this.buf
    let pos = this.pos
    buf[pos++] = length
    for (let i = 0; i < 2 * length; i += 2) {
      buf[pos++] =
        (HEX[hex.charCodeAt(i) & 0x7f] as number) * 16 + (HEX[hex.charCodeAt(i + 1) & 0x7f] as number)
    }
    this.pos = pos
  }

  /** Starts a nested message: reserves its one-byte length slot. Pass the result to {@link end}. */
  begin(): number {
    this.ensure(1)
    return this.pos++
  }

  /** Ends the message begun at `slot`: writes its length, widening the slot if it needs more than a byte. */
  end(slot: number): void {
    const length = this.pos - slot - 1
    if (length < 0x80) {
      this.buf[slot] = length
      return
    }
    const extra = varintSize(length) - 1
    this.ensure(extra)
    this.buf.copyWithin(slot + 1 + extra, slot + 1, this.pos)
    this.pos += extra
    let at = slot
    let v = length
    while (v > 0x7f) {
      this.buf[at++] = (v & 0x7f) | 0x80
      v >>>= 7
    }
    this.buf[at] = v
  }
}

function varintSize(value: number): number {
  let size = 1
  for (let v = value >>> 7; v > 0; v >>>= 7) size++
  return size
}
