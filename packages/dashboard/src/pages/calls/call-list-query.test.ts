import { describe, expect, it } from 'vitest'
import { callListQuery, clearFilters, hasFilters, listKey, listParams } from './call-list-query.js'

describe('callListQuery', () => {
  it('takes the filters the API understands from the URL, named as the API names them', () => {
    const search = new URLSearchParams(
      'range=7d&useCase=reply-draft&model=gpt-4o&status=error&minLatencyMs=1500&minCostUsd=0.01&userId=u1&q=refund&fallback=true',
    )
    expect(callListQuery(search)).toEqual({
      useCase: 'reply-draft',
      model: 'gpt-4o',
      status: 'error',
      minLatencyMs: '1500',
      minCostUsd: '0.01',
      userId: 'u1',
      q: 'refund',
      fallback: 'true',
    })
  })

  it('drops values the API would reject instead of failing the page', () => {
    const search = new URLSearchParams('status=broken&minLatencyMs=1s&minCostUsd=-1&fallback=maybe&q=%20%20')
    expect(callListQuery(search)).toEqual({})
    expect(callListQuery(new URLSearchParams('minLatencyMs=0'))).toEqual({})
  })

  it('knows when a list is filtered, and how to clear every filter but the range', () => {
    expect(hasFilters(callListQuery(new URLSearchParams('range=1h')))).toBe(false)
    expect(hasFilters(callListQuery(new URLSearchParams('q=x')))).toBe(true)
    const cleared = clearFilters()
    expect(Object.values(cleared).every((value) => value === undefined)).toBe(true)
    expect(Object.keys(cleared)).toContain('q')
    expect(Object.keys(cleared)).not.toContain('range')
  })

  it('gives the same key to the same filters in any order, and a new one when they change', () => {
    const a = listKey(callListQuery(new URLSearchParams('model=x&status=ok')))
    const b = listKey(callListQuery(new URLSearchParams('status=ok&model=x')))
    expect(a).toBe(b)
    expect(listKey(callListQuery(new URLSearchParams('model=y&status=ok')))).not.toBe(a)
  })

  it('carries the page’s own parameters into a call and back', () => {
    expect(listParams(new URLSearchParams('q=refund&model=x&status=error'))).toEqual({
      status: 'error',
      minLatencyMs: undefined,
      minCostUsd: undefined,
      fallback: undefined,
      q: 'refund',
    })
  })
})
