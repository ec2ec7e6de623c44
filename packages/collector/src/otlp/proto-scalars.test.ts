import { describe, expect, it } from 'vitest'
import { OtlpDecodeError } from './otlp-decode-error.js'
import { bitsToDecimal, bitsToInt64Value, idToHex } from './proto-scalars.js'

const low = (value: bigint) => Number(BigInt.asUintN(32, value))
const high = (value: bigint) => Number(BigInt.asUintN(32, value >> 32n))

describe('bitsToDecimal', () => {
  it('matches BigInt for edge and random values', () => {
    const values = [
      0n,
      1n,
      2n ** 53n - 1n,
      2n ** 53n,
      2n ** 53n + 1n,
      10n ** 18n,
      1700000000123456789n,
      2n ** 64n - 1n,
    ]
    let seed = 42n
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n
      values.push(seed >> BigInt(i % 64))
    }
    for (const value of values) expect(bitsToDecimal(low(value), high(value))).toBe(value.toString())
  })
})

const int64Of = (value: bigint) =>
  bitsToInt64Value(low(BigInt.asUintN(64, value)), high(BigInt.asUintN(64, value)))

describe('bitsToInt64Value', () => {
  it('returns numbers while exact and decimal strings beyond 2^53', () => {
    expect(int64Of(-5n)).toBe(-5)
    expect(int64Of(2n ** 53n - 1n)).toBe(2 ** 53 - 1)
    expect(int64Of(2n ** 53n + 1n)).toBe('9007199254740993')
    expect(int64Of(-(2n ** 63n))).toBe('-9223372036854775808')
  })
})

describe('idToHex', () => {
  it('writes lowercase hex and leaves an empty id empty', () => {
    expect(idToHex(Uint8Array.from([9, 0, 1, 0xab, 0xff, 0x10, 0x9c, 0x7f, 0x80]), 1, 9, 8, 'spanId')).toBe(
      '0001abff109c7f80',
    )
    expect(idToHex(new Uint8Array(4), 2, 2, 8, 'spanId')).toBe('')
    expect(() => idToHex(new Uint8Array(3), 0, 3, 8, 'spanId')).toThrow(OtlpDecodeError)
  })
})
