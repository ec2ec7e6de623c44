import { describe, expect, it } from 'vitest'
import { partialSuccessOf, responseText } from './collector-response.js'

/** A protobuf google.rpc.Status { code, message }. */
function makeStatus(code: number, message: string): Buffer {
  const text = Buffer.from(message)
  return Buffer.from([0x08, code, 0x12, text.length, ...text])
}

describe('responseText', () => {
  it('reads the message of a protobuf google.rpc.Status', () => {
    expect(responseText(makeStatus(16, 'invalid API key'), 'application/x-protobuf')).toBe('invalid API key')
  })

  it('shows other bodies as clipped, single-line text', () => {
    expect(responseText(Buffer.from('line one\nline two'), 'text/plain')).toBe('line one line two')
    expect(responseText(Buffer.from('x'.repeat(1000)), 'text/html').length).toBeLessThan(400)
    expect(responseText(Buffer.alloc(0), undefined)).toBe('(empty body)')
  })

  it('does not choke on protobuf it cannot read', () => {
    expect(responseText(Buffer.from([0xff, 0xff]), 'application/x-protobuf')).toBe('(2 bytes of protobuf)')
  })
})

describe('partialSuccessOf', () => {
  it('is undefined for a plain success', () => {
    expect(partialSuccessOf(Buffer.alloc(0))).toBeUndefined()
  })
})
