import { describe, expect, it } from 'vitest'
import { formatCallTime, formatTokenPair, tokenDetails } from './call-format.js'

describe('call formats', () => {
  it('shows only the clock for calls of today, and the day for older ones', () => {
    const now = new Date(2026, 10, 26, 15, 0, 0)
    const today = new Date(2026, 10, 26, 9, 5, 7).toISOString()
    const earlier = new Date(2026, 10, 20, 9, 5, 7).toISOString()
    const lastYear = new Date(2025, 10, 20, 9, 5, 7).toISOString()
    expect(formatCallTime(today, now)).toMatch(/^09:05:07$/)
    expect(formatCallTime(earlier, now)).toMatch(/20.*09:05:07$/)
    expect(formatCallTime(earlier, now)).not.toMatch(/2026/)
    expect(formatCallTime(lastYear, now)).toMatch(/2025/)
    expect(formatCallTime('not a time', now)).toBe('–')
  })

  it('shows tokens in → out, with a dash for a side not reported', () => {
    expect(formatTokenPair({ input: 812, output: 164 })).toBe('812 → 164')
    expect(formatTokenPair({ input: 23, output: null })).toBe('23 → –')
    expect(formatTokenPair({ input: null, output: null })).toBe('–')
    expect(tokenDetails({ input: 812, output: 164, cacheRead: 512, cacheCreation: null, reasoning: 0 })).toBe(
      '512 cached',
    )
  })
})
