import { describe, expect, it } from 'vitest'
import { dimensionOf, nextSort, sortOf } from './breakdown-columns.js'

describe('breakdown sorting', () => {
  it('starts with the most expensive first, and ignores a sort it has no column for', () => {
    expect(sortOf(undefined, undefined)).toEqual({ metric: 'costUsd', order: 'desc' })
    expect(sortOf('errorRate', 'asc')).toEqual({ metric: 'errorRate', order: 'asc' })
    expect(sortOf('nonsense', 'sideways')).toEqual({ metric: 'costUsd', order: 'desc' })
  })

  it('flips the order when the sorted column is clicked again, else sorts the new one largest first', () => {
    expect(nextSort({ metric: 'calls', order: 'desc' }, 'calls')).toEqual({ metric: 'calls', order: 'asc' })
    expect(nextSort({ metric: 'calls', order: 'asc' }, 'calls')).toEqual({ metric: 'calls', order: 'desc' })
    expect(nextSort({ metric: 'calls', order: 'asc' }, 'errorRate')).toEqual({
      metric: 'errorRate',
      order: 'desc',
    })
  })
})

describe('dimensionOf', () => {
  it('links users to the overview’s userId filter and defaults to models', () => {
    expect(dimensionOf('user').filter).toBe('userId')
    expect(dimensionOf(undefined).by).toBe('model')
  })
})
