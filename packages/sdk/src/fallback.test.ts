import { SpanStatusCode } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import {
  ATTR_ERROR_TYPE,
  ATTR_VIGIL_FALLBACK_ATTEMPTS,
  ATTR_VIGIL_FALLBACK_REASON,
  ATTR_VIGIL_FALLBACK_SERVED_STEP,
} from './attributes.js'
import { FallbackRejectedError, type FallbackStep, withFallback } from './fallback.js'
import { shutdown } from './init.js'
import { observe } from './observe.js'
import { makeApiError, makeMeta } from './test-support/fixtures.js'
import { spanNamed, useRecordingSdk } from './test-support/recording-sdk.js'

const sdk = useRecordingSdk()

/** A step whose run is a model call recorded with observe(). */
function modelStep<T>(name: string, model: string, answer: () => Promise<T>): FallbackStep<T> {
  return { name, run: () => observe(makeMeta({ model }), answer) }
}

/** A promise that never settles on its own: the step only ends by timing out. */
const forever = () => new Promise<never>(() => {})

describe('withFallback', () => {
  it('returns the first acceptable answer untouched, without running later steps', async () => {
    const answer = { text: 'hello' }
    let laterRan = false
    const result = await withFallback([
      modelStep('primary', 'gpt-4o', async () => answer),
      {
        name: 'never',
        run: () => {
          laterRan = true
          return { text: 'no' }
        },
      },
    ])

    expect(result).toBe(answer)
    expect(laterRan).toBe(false)
  })

  it('abandons a step that times out, aborts its signal, and moves on', async () => {
    let signal: AbortSignal | undefined
    const result = await withFallback(
      [
        {
          name: 'slow',
          run: (given) => {
            signal = given
            return forever()
          },
        },
        { name: 'fast', run: () => 'fast answer' },
      ],
      { timeoutMs: 20 },
    )

    expect(result).toBe('fast answer')
    expect(signal?.aborted).toBe(true)
    expect(signal?.reason).toBeInstanceOf(DOMException)
    expect(signal?.reason).toMatchObject({ name: 'TimeoutError' })
    const slow = await sdk.spanNamed('fallback.step slow')
    expect(slow.attributes[ATTR_VIGIL_FALLBACK_REASON]).toBe('timeout')
    expect(slow.status.code).toBe(SpanStatusCode.ERROR)
    expect(slow.attributes[ATTR_ERROR_TYPE]).toBe('TimeoutError')
  })

  it("lets a step's own timeoutMs override the chain's", async () => {
    const result = await withFallback(
      [
        { name: 'slow', timeoutMs: 10, run: forever },
        { name: 'fast', run: () => 'ok' },
      ],
      { timeoutMs: 60_000 },
    )
    expect(result).toBe('ok')
  })

  it('moves on when accept() turns an answer down, and passes it the step', async () => {
    const judged: string[] = []
    const result = await withFallback(
      [
        { name: 'primary', run: () => ({ confidence: 0.2 }) },
        { name: 'secondary', run: () => ({ confidence: 0.9 }) },
      ],
      {
        accept: async (answer, step) => {
          judged.push(step.name)
          return answer.confidence > 0.5
        },
      },
    )

    expect(result).toEqual({ confidence: 0.9 })
    expect(judged).toEqual(['primary', 'secondary'])
    const primary = await sdk.spanNamed('fallback.step primary')
    expect(primary.attributes[ATTR_VIGIL_FALLBACK_REASON]).toBe('rejected')
    expect(primary.status.code).not.toBe(SpanStatusCode.ERROR)
  })

  it('treats a throwing accept() as a failed step', async () => {
    const broken = new Error('accept broke')
    await expect(
      withFallback([{ name: 'only', run: () => 'x' }], {
        accept: () => {
          throw broken
        },
      }),
    ).rejects.toBe(broken)
  })

  it('rejects with the very error of the last step when all fail, and marks the chain failed', async () => {
    const last = makeApiError(503, 'also down')
    await expect(
      withFallback([
        { name: 'a', run: () => Promise.reject(new Error('down')) },
        {
          name: 'b',
          run: () => {
            throw last
          },
        },
      ]),
    ).rejects.toBe(last)

    const spans = await sdk.spans()
    const chain = spanNamed(spans, 'fallback')
    expect(chain.status.code).toBe(SpanStatusCode.ERROR)
    expect(chain.attributes).toMatchObject({ [ATTR_VIGIL_FALLBACK_ATTEMPTS]: 2, [ATTR_ERROR_TYPE]: '503' })
    expect(chain.attributes[ATTR_VIGIL_FALLBACK_SERVED_STEP]).toBeUndefined()
  })

  it('rejects with a FallbackRejectedError carrying the answer when the last step is rejected', async () => {
    const answer = { confidence: 0.1 }
    const failure = await withFallback([{ name: 'only', run: () => answer }], { accept: () => false }).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(FallbackRejectedError)
    expect(failure).toMatchObject({ step: 'only', result: answer })
  })

  it('rejects an empty chain with a TypeError', async () => {
    await expect(withFallback([])).rejects.toBeInstanceOf(TypeError)
  })

  it('runs the chain unrecorded before init()', async () => {
    await shutdown()
    const result = await withFallback([
      { name: 'a', run: () => Promise.reject(new Error('x')) },
      { name: 'b', run: () => 'b' },
    ])
    expect(result).toBe('b')
  })
})
