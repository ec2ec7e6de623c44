import { describe, expect, it } from 'vitest'
import { createCaptureLogger } from '../test-support/capture-logger.js'
import { type ApiPromiseObserver, watchApiPromise } from './api-promise.js'

/** Like the clients' APIPromise: a Promise subclass whose `then` parses lazily. */
class LazyPromise extends Promise<unknown> {
  parses = 0
  constructor(private readonly answer: () => Promise<unknown>) {
    super((resolve) => resolve(null))
  }
  private parsed: Promise<unknown> | undefined
  private parse(): Promise<unknown> {
    this.parses++
    this.parsed ??= this.answer()
    return this.parsed
  }
  // biome-ignore lint/suspicious/noThenProperty: a lazy promise is what the clients return
  override then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.parse().then(onFulfilled, onRejected)
  }
}

function recordingObserver() {
  const told: string[] = []
  const observer: ApiPromiseObserver = {
    onData: (data) => told.push(`data ${String(data)}`),
    onError: (error) => told.push(`error ${(error as Error).message}`),
    onRawResponse: () => told.push('raw'),
  }
  return { observer, told }
}

describe('watchApiPromise', () => {
  it('watches the client’s promise in place: same object and class, no own properties, one report', async () => {
    const promise = new LazyPromise(async () => 'answer')
    const keysBefore = Reflect.ownKeys(promise)
    const { observer, told } = recordingObserver()

    const handed = watchApiPromise(promise, observer, createCaptureLogger(), 'OpenAI')

    expect(handed).toBe(promise)
    expect(promise).toBeInstanceOf(LazyPromise)
    expect(Reflect.ownKeys(promise)).toEqual(keysBefore)
    expect(await promise).toBe('answer')
    expect(await promise.then((value) => `${String(value)}!`)).toBe('answer!')
    expect(told).toEqual(['data answer'])
  })

  it('hands the app the very error, to its own handler, and reports it once', async () => {
    const failure = new Error('429 rate limited')
    const promise = new LazyPromise(async () => {
      throw failure
    })
    const { observer, told } = recordingObserver()
    watchApiPromise(promise, observer, createCaptureLogger(), 'OpenAI')

    await expect(promise).rejects.toBe(failure)
    await expect(promise.catch((error: unknown) => error)).resolves.toBe(failure)
    expect(told).toEqual(['error 429 rate limited'])
  })

  it('watches a promise that has its own then, through own properties', async () => {
    const promise = new LazyPromise(async () => 'from the class')
    const ownThen = (resolve: (value: unknown) => unknown) => Promise.resolve('own').then(resolve)
    Object.defineProperty(promise, 'then', { value: ownThen, configurable: true, writable: true })
    const { observer, told } = recordingObserver()

    const handed = watchApiPromise(promise, observer, createCaptureLogger(), 'OpenAI')

    expect(handed).toBe(promise)
    expect(await handed).toBe('own')
    expect(told).toEqual(['data own'])
  })

  it('chains a plain Promise, which await reads without calling its then', async () => {
    const { observer, told } = recordingObserver()

    const handed = watchApiPromise(Promise.resolve(7), observer, createCaptureLogger(), 'OpenAI')

    expect(await handed).toBe(7)
    expect(told).toEqual(['data 7'])
  })

  it('gives up on a promise it cannot change, leaving it as it was, and logs why', () => {
    // biome-ignore lint/suspicious/noThenProperty: a frozen thenable is the case under test
    const frozen = Object.freeze({ then: (resolve: (value: unknown) => void) => resolve(1) })
    const logger = createCaptureLogger()

    expect(watchApiPromise(frozen, recordingObserver().observer, logger, 'OpenAI')).toBeUndefined()
    expect(logger.text('error')).toContain('Could not watch an OpenAI call')
  })
})
