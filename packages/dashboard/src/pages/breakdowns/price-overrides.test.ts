import { describe, expect, it } from 'vitest'
import { parsePrice, withModelPrice } from './price-overrides.js'

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
