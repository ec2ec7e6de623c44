import { describe, expect, it } from 'vitest'
import { overridesToRows, priceToRow, rowsToOverrides } from './price-overrides.js'

describe('price overrides editor', () => {
  it('round-trips overrides, keeping tiers and aliases it does not show', () => {
    const overrides = {
      'my-model': { provider: 'acme', input: 1.5, output: 6 },
      'gemini-long': {
        input: 1.25,
        output: 10,
        cachedInput: 0.31,
        tiers: [{ aboveInputTokens: 200_000, input: 2.5, output: 15 }],
        aliases: ['gemini-l'],
      },
    }
    const rows = overridesToRows(overrides)
    expect(rows.map((row) => row.model)).toEqual(['gemini-long', 'my-model'])
    expect(rowsToOverrides(rows)).toEqual({ models: overrides })
  })

  it('names each cell to fix: missing rates, bad numbers, repeated models', () => {
    const a = priceToRow('gpt-x', { input: 1 })
    const b = {
      ...priceToRow('GPT-X', { input: 1, output: 2 }),
      rates: { ...priceToRow('').rates, input: '-1', output: '2' },
    }
    const result = rowsToOverrides([a, b])
    expect(result).toHaveProperty('errors')
    if ('errors' in result)
      expect(result.errors.map((e) => `${e.key === a.key ? 'a' : 'b'}.${e.field}`)).toEqual([
        'a.output',
        'b.model',
        'b.input',
      ])
  })
})
