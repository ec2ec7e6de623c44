import { describe, expect, it } from 'vitest'
import { KeyRateLimiter } from './key-rate-limiter.js'

function limiter(requestsPerSecond: number, burst: number) {
  let now = 0
  const limits = new KeyRateLimiter({ requestsPerSecond, burst }, () => now)
  return { limits, advance: (ms: number) => (now += ms) }
}

describe('KeyRateLimiter', () => {
  it('lets a key spend its burst at once, then asks it to wait for the next token', () => {
    const { limits } = limiter(2, 3)
    expect([limits.take('a'), limits.take('a'), limits.take('a')]).toEqual([0, 0, 0])
    expect(limits.take('a')).toBe(1)
  })

  it('refills at the sustained rate, never above the burst', () => {
    const { limits, advance } = limiter(2, 3)
    for (let i = 0; i < 3; i++) limits.take('a')
    advance(500) // one token at 2 per second
    expect(limits.take('a')).toBe(0)
    expect(limits.take('a')).toBe(1)
    advance(60_000)
    expect([limits.take('a'), limits.take('a'), limits.take('a'), limits.take('a')]).toEqual([0, 0, 0, 1])
  })

  it('keeps one budget per key, so a noisy key does not starve another', () => {
    const { limits } = limiter(1, 2)
    limits.take('noisy')
    limits.take('noisy')
    expect(limits.take('noisy')).toBeGreaterThan(0)
    expect(limits.take('quiet')).toBe(0)
  })

  it('answers Retry-After in whole seconds from the rate', () => {
    const { limits } = limiter(0.25, 1)
    limits.take('a')
    expect(limits.take('a')).toBe(4)
  })

  it('never limits when the rate is 0', () => {
    const { limits } = limiter(0, 1)
    expect(limits.enabled).toBe(false)
    for (let i = 0; i < 100; i++) expect(limits.take('a')).toBe(0)
  })
})
