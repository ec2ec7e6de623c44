import { describe, expect, it } from 'vitest'
import { formatChange, formatCount, formatMs, formatPercent, formatUsd, relativeChange } from './format.js'

describe('dashboard number formats', () => {
  it('shows unknown values as a dash, never as 0', () => {
    for (const format of [formatCount, formatUsd, formatMs, formatPercent]) {
      expect(format(null)).toBe('–')
      expect(format(Number.NaN)).toBe('–')
    }
  })

  it('shortens large counts and keeps small ones exact', () => {
    expect(formatCount(999)).toBe('999')
    expect(formatCount(12_345)).toBe('12.3k')
    expect(formatCount(2_500_000)).toBe('2.5M')
  })

  it('shows cents for dollars and significant digits below a cent', () => {
    expect(formatUsd(0)).toBe('$0')
    expect(formatUsd(0.00042)).toBe('$0.00042')
    expect(formatUsd(0.0031)).toBe('$0.0031')
    expect(formatUsd(12.5)).toBe('$12.50')
    expect(formatUsd(2_500_000)).toBe('$2.5M')
  })

  it('writes the cost of one cheap call in plain decimals, never in exponent notation', () => {
    expect(formatUsd(4.6e-7)).toBe('$0.00000046')
    expect(formatUsd(0.0000355)).toBe('$0.000036')
    expect(formatUsd(1.2e-9)).toBe('$0.0000000012')
  })

  it('switches latency to seconds at one second', () => {
    expect(formatMs(850.4)).toBe('850 ms')
    expect(formatMs(2340)).toBe('2.34 s')
  })

  it('shows rates as percentages with sensible precision', () => {
    expect(formatPercent(0.034)).toBe('3.4 %')
    expect(formatPercent(0.25)).toBe('25 %')
    expect(formatPercent(0.0004)).toBe('<0.1 %')
  })

  it('compares with the previous period only when there is one', () => {
    expect(relativeChange(120, 100)).toBeCloseTo(0.2)
    expect(relativeChange(5, 0)).toBeUndefined()
    expect(relativeChange(5, null)).toBeUndefined()
    expect(formatChange(0.2)).toBe('+20 %')
    expect(formatChange(-0.034)).toBe('−3.4 %')
  })
})
