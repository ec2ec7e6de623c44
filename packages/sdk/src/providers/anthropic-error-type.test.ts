import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk'
import { describe, expect, it } from 'vitest'
import { anthropicErrorType } from './anthropic-error-type.js'

const headers = new Headers()
const body = (type: string) => ({ type: 'error', error: { type, message: 'fake' } })

describe('anthropicErrorType', () => {
  it('uses the HTTP status of API errors', () => {
    expect(anthropicErrorType(new RateLimitError(429, body('rate_limit_error'), undefined, headers))).toBe(
      '429',
    )
    expect(anthropicErrorType(new OverloadedError(529, body('overloaded_error'), undefined, headers))).toBe(
      '529',
    )
    expect(anthropicErrorType(new InternalServerError(500, body('api_error'), undefined, headers))).toBe(
      '500',
    )
  })

  it('says timeout for the client’s own timeout', () => {
    expect(anthropicErrorType(new APIConnectionTimeoutError())).toBe('timeout')
  })

  it('maps the type of an error event inside a 200 stream to its HTTP status', () => {
    // What the SDK's Stream throws for `event: error` mid-stream: an APIError without status.
    const midStream = new APIError(
      undefined,
      body('overloaded_error'),
      undefined,
      headers,
      'overloaded_error',
    )

    expect(anthropicErrorType(midStream)).toBe('529')
  })

  it('names the network code of a connection lost while reading the body', () => {
    const lost = new TypeError('terminated', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    })

    expect(anthropicErrorType(lost)).toBe('UND_ERR_SOCKET')
  })

  it('falls back to the generic error type', () => {
    expect(anthropicErrorType(new APIConnectionError({ message: 'refused' }))).toBe('APIConnectionError')
    expect(anthropicErrorType(new TypeError('boom'))).toBe('TypeError')
    expect(anthropicErrorType('a string')).toBe('_OTHER')
  })
})
