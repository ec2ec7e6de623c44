import { describe, expect, it } from 'vitest'
import {
  encodeNativeBlock,
  fileTypeOf,
  NativeBuffer,
  nativeColumn,
  UnsupportedNativeType,
} from './native-format.js'

describe('Native format', () => {
  it('declares LowCardinality columns by their inner type, at every depth', () => {
    expect(fileTypeOf('LowCardinality(String)')).toBe('String')
    expect(fileTypeOf('Array(LowCardinality(String))')).toBe('Array(String)')
    expect(fileTypeOf('Map(LowCardinality(String), String)')).toBe('Map(String, String)')
    expect(fileTypeOf('Nullable(UInt64)')).toBe('Nullable(UInt64)')
    expect(fileTypeOf("DateTime64(9, 'UTC')")).toBe("DateTime64(9, 'UTC')")
  })

  it('refuses a type it cannot encode instead of writing wrong bytes', () => {
    expect(() => nativeColumn('x', 'Decimal(18, 4)')).toThrow(UnsupportedNativeType)
    expect(() => nativeColumn('x', 'Nullable(Array(String))')).toThrow(/Nullable\(Array\(String\)\)/)
  })

  it('writes the block header, length-prefixed strings and little-endian numbers', () => {
    const out = new NativeBuffer(4) // grows as needed
    encodeNativeBlock(
      out,
      [nativeColumn('s', 'String'), nativeColumn('n', 'Nullable(UInt16)')],
      [
        { s: 'a'.repeat(200), n: 513 },
        { s: 'é', n: null },
      ],
    )
    const bytes = out.bytes()
    let at = 0
    const take = (n: number) => {
      at += n
      return bytes.subarray(at - n, at)
    }
    expect([...take(2)]).toEqual([2, 2]) // columns, rows
    expect(take(2).toString()).toBe('\x01s')
    expect(take(7).toString()).toBe('\x06String')
    expect([...take(2)]).toEqual([(200 & 0x7f) | 0x80, 1]) // varint 200
    expect(take(200).toString()).toBe('a'.repeat(200))
    expect([...take(3)]).toEqual([2, 0xc3, 0xa9]) // 'é' is two UTF-8 bytes
    expect(take(2).toString()).toBe('\x01n')
    expect(take(17).toString()).toBe('\x10Nullable(UInt16)')
    expect([...take(2)]).toEqual([0, 1]) // null map
    expect([...take(4)]).toEqual([1, 2, 0, 0]) // 513 LE, then the placeholder for null
    expect(at).toBe(bytes.length)
  })
})
