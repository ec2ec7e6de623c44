import { describe, expect, it } from 'vitest'
import { ErrorCodes, VigilError } from './errors.js'

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
})
