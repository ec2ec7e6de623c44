import { describe, expect, it } from 'vitest'
import { RecentKeys } from './recent-keys.js'

describe('RecentKeys', () => {
  it('remembers at most its capacity, forgetting the oldest first', () => {
    const keys = new RecentKeys(3)
    keys.add(['a', 'b', 'c'])
    keys.add(['d'])
    expect([keys.has('a'), keys.has('b'), keys.has('d')]).toEqual([false, true, true])
    expect(keys.size).toBe(3)
  })

  it('keeps a key written again as the youngest', () => {
    const keys = new RecentKeys(2)
    keys.add(['a', 'b'])
    keys.add(['a'])
    keys.add(['c'])
    expect([keys.has('a'), keys.has('b'), keys.has('c')]).toEqual([true, false, true])
  })

  it('remembers nothing with capacity 0', () => {
    const keys = new RecentKeys(0)
    keys.add(['a'])
    expect(keys.has('a')).toBe(false)
  })
})
