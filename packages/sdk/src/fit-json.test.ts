import { describe, expect, it } from 'vitest'
import { fitJson } from './fit-json.js'

describe('fitJson', () => {
  it('leaves JSON that fits untouched', () => {
    const value = [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]
    expect(fitJson(value, 1000)).toBe(JSON.stringify(value))
  })

  it('cuts the longest texts first and never cuts names or roles', () => {
    const value = [
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', name: 'lookup_order', arguments: { q: 'y'.repeat(500) } }],
      },
      { role: 'user', parts: [{ type: 'text', content: 'short' }] },
    ]
    const json = fitJson(value, 300)
    expect(json.length).toBeLessThanOrEqual(300)
    expect(JSON.parse(json)).toMatchObject([
      { role: 'assistant', parts: [{ type: 'tool_call', name: 'lookup_order' }] },
      { role: 'user', parts: [{ type: 'text', content: 'short' }] },
    ])
  })

  it('drops trailing entries when even empty texts do not fit', () => {
    const many = Array.from({ length: 100 }, () => ({
      role: 'user',
      parts: [{ type: 'text', content: 'hi' }],
    }))
    const json = fitJson(many, 300)
    expect(json.length).toBeLessThanOrEqual(300)
    expect((JSON.parse(json) as unknown[]).length).toBeGreaterThan(0)
  })
})
