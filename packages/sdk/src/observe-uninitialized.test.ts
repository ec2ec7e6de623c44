import { describe, expect, it, vi } from 'vitest'
import { flush, getStats, shutdown } from './init.js'
import { observe } from './observe.js'
import { makeMeta } from './test-support/fixtures.js'

// A file of its own: it needs SDK state in which init() was never called.
describe('observe without init', () => {
  it('runs the function, passes its result and error through, and warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const result = { id: 1 }
    const error = new Error('boom')

    await expect(
      observe(makeMeta(), async (call) => {
        call.setUsage({ inputTokens: 1 })
        call.markFirstChunk()
        return result
      }),
    ).resolves.toBe(result)
    await expect(observe(makeMeta(), async () => Promise.reject(error))).rejects.toBe(error)

    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]?.[1])).toContain('before init()')
    warn.mockRestore()
  })

  it('reports nothing recorded and nothing lost', async () => {
    expect(getStats().spansStarted).toBe(0)
    await expect(flush()).resolves.toBe(true)
    await expect(shutdown()).resolves.toBe(true)
  })
})
