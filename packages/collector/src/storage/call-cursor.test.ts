import { describe, expect, it } from 'vitest'
import { decodeCallCursor, encodeCallCursor } from './call-cursor.js'

const cursor = { startTimeNs: '1704067200123456789', spanId: '0123456789abcdef', windowFromMs: 1703980800000 }

describe('call cursor', () => {
  it('round-trips the sort position and the window start', () => {
    const text = encodeCallCursor(cursor)
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCallCursor(text)).toEqual(cursor)
  })

  it('rejects text it did not issue', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    for (const text of [
      '',
      'not a cursor!',
      Buffer.from('not json').toString('base64url'),
      forged({ v: 2, t: '1', s: cursor.spanId, f: 0 }),
      forged({ v: 1, t: "1' OR 1=1 --", s: cursor.spanId, f: 0 }),
      forged({ v: 1, t: '99999999999999999999', s: cursor.spanId, f: 0 }),
      forged({ v: 1, t: '1', s: "' OR 1=1 --", f: 0 }),
      forged({ v: 1, t: '1', s: cursor.spanId, f: -1 }),
      forged([1, 2, 3]),
    ]) {
      expect(decodeCallCursor(text), text).toBeUndefined()
    }
  })
})
