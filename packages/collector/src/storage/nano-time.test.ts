import { describe, expect, it } from 'vitest'
import { compareNanos, isoFromNanos, millisBetween } from './nano-time.js'

describe('isoFromNanos', () => {
  it('keeps all nine fraction digits', () => {
    expect(isoFromNanos('1704067200123456789')).toBe('2024-01-01T00:00:00.123456789Z')
    expect(isoFromNanos('1704067200000000001')).toBe('2024-01-01T00:00:00.000000001Z')
    expect(isoFromNanos('0')).toBe('1970-01-01T00:00:00.000000000Z')
  })

  it('gives fixed-width text, so times sort as strings', () => {
    const times = ['1704067200000000009', '1704067199999999999', '1704067200000000010'].map(isoFromNanos)
    expect([...times].sort()).toEqual([times[1], times[0], times[2]])
  })
})

describe('millisBetween / compareNanos', () => {
  it('works beyond the precision of a double', () => {
    expect(millisBetween('1704067200000000000', '1704067200001500000')).toBe(1.5)
    expect(compareNanos('1704067200000000001', '1704067200000000000')).toBe(1)
    expect(compareNanos('9', '10')).toBe(-1)
    expect(compareNanos('10', '10')).toBe(0)
  })
})
