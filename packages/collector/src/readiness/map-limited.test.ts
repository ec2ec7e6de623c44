import { describe, expect, it } from 'vitest'
import { mapLimited } from './map-limited.js'

/** A promise settled from outside, so a test decides when each call ends. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('mapLimited', () => {
  it('keeps at most `limit` calls in flight and answers in the order of the items', async () => {
    const pending = Array.from({ length: 5 }, () => deferred<string>())
    const started: number[] = []
    const result = mapLimited([0, 1, 2, 3, 4], 2, (item) => {
      started.push(item)
      return (pending[item] as ReturnType<typeof deferred<string>>).promise
    })
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    pending[1]?.resolve('b')
    await new Promise((resolve) => setImmediate(resolve))
    expect(started).toEqual([0, 1, 2])
    for (const [i, label] of ['a', 'b', 'c', 'd', 'e'].entries()) pending[i]?.resolve(label)
    expect(await result).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('rejects with the first failure', async () => {
    const boom = new Error('query failed')
    await expect(
      mapLimited([1, 2, 3], 2, async (item) => {
        if (item === 2) throw boom
        return item
      }),
    ).rejects.toBe(boom)
    expect(await mapLimited([], 4, async () => 1)).toEqual([])
  })
})
