import { describe, expect, it } from 'vitest'
import { backoffMillis, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter } from './retry-policy.js'

describe('isRetryableStatus', () => {
  it('retries only overload and gateway statuses', () => {
    expect([429, 502, 503, 504].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 403, 404, 413, 415, 500].some(isRetryableStatus)).toBe(false)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000)
  })

  it('reads an HTTP date, never returning a negative wait', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0)
  })

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})

describe('backoffMillis', () => {
  it('doubles per attempt, stays under the cap, and keeps at least half of the step', () => {
    const policy = DEFAULT_RETRY_POLICY
    expect(backoffMillis(1, policy, () => 0)).toBe(250)
    expect(backoffMillis(1, policy, () => 1)).toBe(500)
    expect(backoffMillis(2, policy, () => 1)).toBe(1000)
    expect(backoffMillis(10, policy, () => 1)).toBe(policy.maxBackoffMillis)
  })
})
