import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { OtlpDecodeError } from './otlp-decode-error.js'
import { ProtoReader } from './proto-reader.js'

const writer = () => protobuf.Writer.create()

describe('ProtoReader', () => {
  it('reads a negative int32, sign-extended to ten bytes on the wire', () => {
    const r = new ProtoReader(writer().int32(-2).int32(300).finish())
    expect(r.int32()).toBe(-2)
    expect(r.int32()).toBe(300)
    expect(r.pos).toBe(r.length)
  })

  it('reads int64 values exactly, as numbers while safe', () => {
    const r = new ProtoReader(
      writer().int64('-9007199254740993').int64(-1).int64('9223372036854775807').finish(),
    )
    expect(r.int64Value()).toBe('-9007199254740993')
    expect(r.int64Value()).toBe(-1)
    expect(r.int64Value()).toBe('9223372036854775807')
  })

  it('reads fixed64 and sfixed64 values', () => {
    const r = new ProtoReader(writer().fixed64('18446744073709551615').fixed64(5).sfixed64(-3).finish())
    expect(r.fixed64Decimal()).toBe('18446744073709551615')
    expect(r.fixed64Number()).toBe(5)
    expect(r.sfixed64Number()).toBe(-3)
  })

  it('returns the same string for a repeated key, and decodes non-ASCII keys correctly', () => {
    const bytes = writer()
      .string('gen_ai.request.model')
      .string('gen_ai.request.model')
      .string('modèle')
      .string('modèle')
    const r = new ProtoReader(bytes.finish())
    const first = r.recurringString(r.length)
    expect(r.recurringString(r.length)).toBe(first)
    expect(first).toBe('gen_ai.request.model')
    expect(r.recurringString(r.length)).toBe('modèle')
    expect(r.recurringString(r.length)).toBe('modèle')
  })

  it('skips unknown fields of every wire type, groups included', () => {
    const bytes = writer()
      .uint32((1 << 3) | 0)
      .uint64('123456789012')
      .uint32((2 << 3) | 1)
      .fixed64(1)
      .uint32((3 << 3) | 2)
      .bytes(Uint8Array.from([1, 2, 3]))
      .uint32((4 << 3) | 5)
      .fixed32(7)
      .uint32((5 << 3) | 3) // start group, one varint inside, end group
      .uint32((1 << 3) | 0)
      .uint32(1)
      .uint32((5 << 3) | 4)
      .finish()
    const r = new ProtoReader(bytes)
    while (r.pos < r.length) r.skip(r.uint32(), r.length)
    expect(r.pos).toBe(bytes.length)
  })

  it.each([
    ['a truncated varint', [0x80, 0x80]],
    ['a varint longer than ten bytes', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['a length past the end', [(1 << 3) | 2, 0x05, 0x01]],
    ['field number 0', [0x00, 0x01]],
    ['wire type 7', [(1 << 3) | 7]],
    ['a stray end group', [(1 << 3) | 4]],
    ['a truncated fixed64', [(1 << 3) | 1, 0x01, 0x02]],
  ])('rejects %s', (_, bytes) => {
    const r = new ProtoReader(Uint8Array.from(bytes))
    expect(() => {
      while (r.pos < r.length) r.skip(r.uint32(), r.length)
    }).toThrow(OtlpDecodeError)
  })
})
