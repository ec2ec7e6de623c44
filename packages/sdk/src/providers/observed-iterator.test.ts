import { describe, expect, it } from 'vitest'
import { createCaptureLogger } from '../test-support/capture-logger.js'
import { ObservedIterator, type StreamHooks } from './observed-iterator.js'

/** An async generator over `items` that notes whether it was closed; `failAt` makes it throw there. */
function source(items: unknown[], failAt?: number) {
  const state = { closed: false }
  async function* generate() {
    try {
      for (let i = 0; i < items.length; i++) {
        if (i === failAt) throw new Error('connection lost')
        yield items[i]
      }
      return 'the end'
    } finally {
      state.closed = true
    }
  }
  return { iterator: generate(), state }
}

/** Hooks that note what happened; items equal to `hidden` are kept from the app. */
function recordingHooks(hidden?: unknown) {
  const seen: string[] = []
  const hooks: StreamHooks = {
    onItem: (item) => {
      seen.push(`item ${String(item)}`)
      return item !== hidden
    },
    onEnd: () => seen.push('end'),
    onError: (error) => seen.push(`error ${(error as Error).message}`),
    onAbandon: () => seen.push('abandon'),
  }
  return { hooks, seen }
}

describe('ObservedIterator', () => {
  it('shows each item to the hooks first, keeps hidden ones from the app, and passes the final value', async () => {
    const { iterator } = source([1, 'usage', 2])
    const { hooks, seen } = recordingHooks('usage')
    const observed = new ObservedIterator(iterator, hooks, createCaptureLogger())

    const read: unknown[] = []
    for await (const item of observed) read.push(item)

    expect(read).toEqual([1, 2])
    expect(seen).toEqual(['item 1', 'item usage', 'item 2', 'end'])
    await expect(observed.next()).resolves.toEqual({ done: true, value: undefined })
  })

  it('answers requests made before earlier ones settle in order, as an async generator does', async () => {
    const { iterator } = source(['a', 'hidden', 'b', 'c'])
    const observed = new ObservedIterator(iterator, recordingHooks('hidden').hooks, createCaptureLogger())

    const results = await Promise.all([observed.next(), observed.next(), observed.next(), observed.next()])

    expect(results).toEqual([
      { done: false, value: 'a' },
      { done: false, value: 'b' },
      { done: false, value: 'c' },
      { done: true, value: 'the end' },
    ])
  })

  it('passes an early return() on to the client’s iterator, once a read has started', async () => {
    const { iterator, state } = source([1, 2, 3])
    const { hooks, seen } = recordingHooks()
    const observed = new ObservedIterator(iterator, hooks, createCaptureLogger())

    await observed.next()
    const pendingRead = observed.next()
    const closed = observed.return('stop')

    await expect(pendingRead).resolves.toEqual({ done: false, value: 2 })
    await expect(closed).resolves.toEqual({ done: true, value: 'stop' })
    expect(seen).toEqual(['item 1', 'item 2', 'abandon'])
    expect(state.closed).toBe(true)
  })

  it('touches nothing when closed or thrown into before the first read', async () => {
    const { iterator, state } = source([1])
    const { hooks, seen } = recordingHooks()
    const observed = new ObservedIterator(iterator, hooks, createCaptureLogger())

    await expect(observed.return()).resolves.toEqual({ done: true, value: undefined })
    await expect(
      new ObservedIterator(source([1]).iterator, hooks, createCaptureLogger()).throw(new Error('x')),
    ).rejects.toThrow('x')
    expect(seen).toEqual([])
    expect(state.closed).toBe(false)
  })

  it('rejects with the client’s own error, then is done', async () => {
    const { iterator } = source([1, 2], 1)
    const { hooks, seen } = recordingHooks()
    const observed = new ObservedIterator(iterator, hooks, createCaptureLogger())

    await observed.next()
    await expect(observed.next()).rejects.toThrow('connection lost')
    await expect(observed.next()).resolves.toEqual({ done: true, value: undefined })
    expect(seen).toEqual(['item 1', 'error connection lost'])
  })

  it('keeps a failing hook from the app, and logs it', async () => {
    const logger = createCaptureLogger()
    const hooks = {
      ...recordingHooks().hooks,
      onItem: () => {
        throw new Error('hook broke')
      },
    }
    const observed = new ObservedIterator(source([1]).iterator, hooks, logger)

    await expect(observed.next()).resolves.toEqual({ done: false, value: 1 })
    expect(logger.text('error')).toContain('hook broke')
  })
})
