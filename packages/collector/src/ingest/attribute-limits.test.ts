import { describe, expect, it } from 'vitest'
import type { Attributes } from '../otlp/otlp-types.js'
import {
  type AttributeLimits,
  capAttributes,
  defaultAttributeLimits,
  truncateUtf8,
} from './attribute-limits.js'

const limits: AttributeLimits = {
  ...defaultAttributeLimits,
  maxAttributes: 4,
  maxValueBytes: 10,
  maxContentBytes: 20,
}
const tally = () => ({ truncated: 0, dropped: 0 })

describe('truncateUtf8', () => {
  it('returns short text unchanged and cuts long text to the byte limit', () => {
    expect(truncateUtf8('hello', 10)).toBe('hello')
    expect(truncateUtf8('a'.repeat(11), 10)).toBe('a'.repeat(10))
  })

  it('never cuts inside a character', () => {
    // "é" is 2 bytes, "😀" 4 bytes (a surrogate pair in UTF-16).
    expect(truncateUtf8('ééééé', 5)).toBe('éé')
    expect(truncateUtf8('a😀😀', 6)).toBe('a😀')
    expect(Buffer.byteLength(truncateUtf8('😀'.repeat(2000), 4097))).toBe(4096)
  })

  it('cuts a 5 MB string without encoding all of it', () => {
    const started = performance.now()
    const cut = truncateUtf8('x'.repeat(5_000_000), 8192)
    expect(cut).toHaveLength(8192)
    expect(performance.now() - started).toBeLessThan(200)
  })
})

describe('capAttributes', () => {
  it('keeps the names Vigil reads first when there are too many attributes, and counts the rest', () => {
    const attrs: Attributes = {
      a: 1,
      b: 2,
      'gen_ai.custom': 3,
      c: 4,
      'vigil.use_case': 'x',
      'gen_ai.request.model': 'm',
    }
    const t = tally()
    const kept = capAttributes(attrs, limits, t)
    expect(Object.keys(kept)).toEqual(['vigil.use_case', 'gen_ai.request.model', 'gen_ai.custom', 'a'])
    expect(t).toEqual({ truncated: 0, dropped: 2 })
  })

  it('truncates long values, with a larger allowance for prompt and completion content', () => {
    const attrs: Attributes = { note: 'n'.repeat(50), 'gen_ai.input.messages': 'm'.repeat(50), n: 123456789 }
    const t = tally()
    const kept = capAttributes(attrs, limits, t)
    expect(kept).toEqual({ note: 'n'.repeat(10), 'gen_ai.input.messages': 'm'.repeat(20), n: 123456789 })
    expect(t.truncated).toBe(2)
  })

  it('turns an oversized array or map into its truncated JSON text', () => {
    const t = tally()
    const kept = capAttributes({ list: ['aaaa', 'bbbb', 'cccc'], small: ['a'] }, limits, t)
    expect(kept).toEqual({ list: '["aaaa","b', small: ['a'] })
    expect(t.truncated).toBe(1)
  })

  it('drops attributes with over-long keys and keeps a __proto__ key as an attribute', () => {
    const attrs: Attributes = {}
    Object.defineProperty(attrs, '__proto__', {
      value: 'p',
      enumerable: true,
      writable: true,
      configurable: true,
    })
    attrs['k'.repeat(2000)] = 'v'
    const t = tally()
    const kept = capAttributes(attrs, limits, t)
    expect(Object.keys(kept)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype)
    expect(t.dropped).toBe(1)
  })

  it('returns the same object when nothing is over a limit', () => {
    const attrs: Attributes = { a: 'short', b: true, c: null }
    expect(capAttributes(attrs, limits, tally())).toBe(attrs)
  })
})
