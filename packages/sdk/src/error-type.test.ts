import { describe, expect, it } from 'vitest'
import { errorType } from './error-type.js'
import { makeApiError } from './test-support/fixtures.js'

describe('errorType', () => {
  it('prefers the HTTP status a provider error carries', () => {
    expect(errorType(makeApiError(429))).toBe('429')
    expect(errorType(Object.assign(new Error('x'), { statusCode: 503 }))).toBe('503')
  })

  it('falls back to the error name, then the class name', () => {
    const timeout = new Error('slow')
    timeout.name = 'TimeoutError'
    class ProviderDown extends Error {}
    expect(errorType(timeout)).toBe('TimeoutError')
    expect(errorType(new ProviderDown())).toBe('ProviderDown')
    expect(errorType(new Error('plain'))).toBe('Error')
  })

  it('uses _OTHER for thrown non-objects', () => {
    expect(errorType('boom')).toBe('_OTHER')
    expect(errorType(undefined)).toBe('_OTHER')
  })
})
