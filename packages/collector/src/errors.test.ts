import { describe, expect, it } from 'vitest'
import { asVigilError, ErrorCodes, VigilError } from './errors.js'

describe('ErrorCodes', () => {
  it('gives every error its own stable code', () => {
    const codes = Object.values(ErrorCodes).map((e) => e.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) expect(code).toMatch(/^VIGIL_ERR_[A-Z_]+$/)
  })

  it('carries status, code and cause on a VigilError', () => {
    const cause = new Error('socket hang up')
    const error = new VigilError('STORAGE_UNAVAILABLE', 'retry later', { cause, retryAfterSeconds: 2 })
    expect(error).toMatchObject({
      statusCode: 503,
      code: 'VIGIL_ERR_STORAGE_UNAVAILABLE',
      retryAfterSeconds: 2,
    })
    expect(error.cause).toBe(cause)
  })
  it('keeps a framework 4xx as a client error and turns anything else into INTERNAL, cause kept', () => {
    const tooLarge = Object.assign(new Error('body too large'), { statusCode: 413 })
    expect(asVigilError(tooLarge)).toMatchObject({ code: 'VIGIL_ERR_BODY_TOO_LARGE', cause: tooLarge })
    const timeout = Object.assign(new Error('request timeout'), { statusCode: 408 })
    expect(asVigilError(timeout).code).toBe('VIGIL_ERR_INTERNAL')
    expect(asVigilError(timeout, 'BAD_REQUEST').code).toBe('VIGIL_ERR_BAD_REQUEST')
    const crash = new Error('boom')
    expect(asVigilError(crash, 'BAD_REQUEST')).toMatchObject({ statusCode: 500, cause: crash })
    const own = new VigilError('RATE_LIMITED', 'slow down')
    expect(asVigilError(own)).toBe(own)
  })
})
