import { describe, expect, it } from 'vitest'
import {
  overridesToRows,
  parsePrice,
  priceToRow,
  rowsToOverrides,
  withModelPrice,
} from './price-overrides.js'

describe('withModelPrice', () => {
  it('adds the model and keeps every other override (the PUT replaces the whole set)', () => {
    const overrides = {
      'gpt-4o': { input: 2, output: 8 },
      'in-house-llm': { provider: 'acme', input: 0.1, output: 0.2, aliases: ['house'] },
    }
    expect(withModelPrice(overrides, 'acme-7b', { provider: 'acme', input: 0.3, output: 0.6 })).toEqual({
      'gpt-4o': { input: 2, output: 8 },
      'in-house-llm': { provider: 'acme', input: 0.1, output: 0.2, aliases: ['house'] },
      'acme-7b': { provider: 'acme', input: 0.3, output: 0.6 },
    })
  })

  it('updates an entry spelt with other case instead of adding a duplicate, keeping its aliases', () => {
    const overrides = { 'ACME-7B': { input: 1, output: 1, cachedInput: 0.5, aliases: ['acme'] } }
    expect(withModelPrice(overrides, 'acme-7b', { input: 0.3, output: 0.6 })).toEqual({
      'acme-7b': { input: 0.3, output: 0.6, aliases: ['acme'] },
    })
  })

  it('does not change the set it was given', () => {
    const overrides = { 'gpt-4o': { input: 2, output: 8 } }
    withModelPrice(overrides, 'gpt-4o', { input: 3, output: 9 })
    expect(overrides).toEqual({ 'gpt-4o': { input: 2, output: 8 } })
  })
})

describe('parsePrice', () => {
  it('reads the rates, the cached one optional', () => {
    expect(parsePrice({ input: '0.15', output: ' 0.6 ', cachedInput: '' }, 'acme')).toEqual({
      price: { provider: 'acme', input: 0.15, output: 0.6 },
    })
    expect(parsePrice({ input: '3', output: '15', cachedInput: '0.3' })).toEqual({
      price: { input: 3, output: 15, cachedInput: 0.3 },
    })
  })

  it('names the field that is missing or out of the API’s bounds', () => {
    expect(parsePrice({ input: '', output: '1', cachedInput: '' })).toEqual({
      error: 'Input price is required',
    })
    expect(parsePrice({ input: '1', output: '-2', cachedInput: '' })).toEqual({
      error: 'Output price must be a number ≥ 0',
    })
    expect(parsePrice({ input: '1', output: '2', cachedInput: '20000' })).toEqual({
      error: 'Cached input price must be at most 10,000 USD per 1M tokens',
    })
  })
})

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
