import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { hrTimeToMilliseconds } from '@opentelemetry/core'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_VIGIL_CACHE_HIT,
  ATTR_VIGIL_FALLBACK_ATTEMPT,
  ATTR_VIGIL_FALLBACK_ATTEMPTS,
  ATTR_VIGIL_FALLBACK_NAME,
  ATTR_VIGIL_FALLBACK_REASON,
  ATTR_VIGIL_FALLBACK_SERVED,
  ATTR_VIGIL_FALLBACK_SERVED_ATTEMPT,
  ATTR_VIGIL_FALLBACK_SERVED_STEP,
  ATTR_VIGIL_FALLBACK_STEP,
  ATTR_VIGIL_USE_CASE,
} from './attributes.js'
import { withContext } from './context.js'
import { FallbackRejectedError, type FallbackStep, withFallback } from './fallback.js'
import { InMemorySpanExporter } from './in-memory-span-exporter.js'
import { flush, getStats, init, shutdown } from './init.js'
import { observe } from './observe.js'
import { createCaptureLogger } from './test-support/capture-logger.js'
import { makeApiError, makeMeta } from './test-support/fixtures.js'

let exporter: InMemorySpanExporter

beforeEach(() => {
  exporter = new InMemorySpanExporter()
  init({ exporter, logger: createCaptureLogger() })
})

afterEach(async () => {
  await shutdown()
})

async function finishedSpans(): Promise<ReadableSpan[]> {
  await flush()
  return exporter.getFinishedSpans()
}

function spanNamed(spans: ReadableSpan[], name: string): ReadableSpan {
  const span = spans.find((candidate) => candidate.name === name)
  if (span === undefined) throw new Error(`no span "${name}" in ${spans.map((s) => s.name).join(', ')}`)
  return span
}

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

  it('moves on after an error, recording each model call as an attempt under the chain span', async () => {
    await withContext({ useCase: 'support-reply' }, () =>
      withFallback(
        [
          modelStep('primary', 'gpt-4o', async () => Promise.reject(new Error('down'))),
          modelStep('cheap-model', 'gpt-4o-mini', async () => 'fine'),
        ],
        { name: 'reply' },
      ),
    )

    const spans = await finishedSpans()
    expect(spans).toHaveLength(3)
    const chain = spanNamed(spans, 'fallback reply')
    const primary = spanNamed(spans, 'chat gpt-4o')
    const cheap = spanNamed(spans, 'chat gpt-4o-mini')
    expect(chain.kind).toBe(SpanKind.INTERNAL)
    expect(chain.attributes).toMatchObject({
      [ATTR_VIGIL_USE_CASE]: 'support-reply',
      [ATTR_VIGIL_FALLBACK_NAME]: 'reply',
      [ATTR_VIGIL_FALLBACK_ATTEMPTS]: 2,
      [ATTR_VIGIL_FALLBACK_SERVED_STEP]: 'cheap-model',
      [ATTR_VIGIL_FALLBACK_SERVED_ATTEMPT]: 1,
    })
    expect(primary.attributes).toMatchObject({
      [ATTR_VIGIL_FALLBACK_NAME]: 'reply',
      [ATTR_VIGIL_FALLBACK_ATTEMPT]: 0,
      [ATTR_VIGIL_FALLBACK_STEP]: 'primary',
      [ATTR_VIGIL_FALLBACK_REASON]: 'error',
      [ATTR_VIGIL_FALLBACK_SERVED]: false,
      [ATTR_VIGIL_USE_CASE]: 'support-reply',
    })
    expect(cheap.attributes).toMatchObject({
      [ATTR_VIGIL_FALLBACK_ATTEMPT]: 1,
      [ATTR_VIGIL_FALLBACK_STEP]: 'cheap-model',
      [ATTR_VIGIL_FALLBACK_SERVED]: true,
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    })
    expect(cheap.attributes[ATTR_VIGIL_FALLBACK_REASON]).toBeUndefined()
    for (const attempt of [primary, cheap]) {
      expect(attempt.parentSpanContext?.spanId).toBe(chain.spanContext().spanId)
    }
    expect(getStats()).toMatchObject({ spansStarted: 3, spansExported: 3 })
  })

  it('keeps the real end time of a model call whose span waited for the decision', async () => {
    await withFallback(
      [modelStep('primary', 'gpt-4o', async () => 'low confidence'), { name: 'human', run: () => 'ok' }],
      {
        // The decision comes well after the call ended.
        accept: async (result) => {
          await new Promise((resolve) => setTimeout(resolve, 100))
          return result !== 'low confidence'
        },
      },
    )

    const spans = await finishedSpans()
    const call = spanNamed(spans, 'chat gpt-4o')
    const chain = spanNamed(spans, 'fallback')
    expect(call.attributes[ATTR_VIGIL_FALLBACK_REASON]).toBe('rejected')
    // Half the wait as margin: spans convert their clocks separately, to within a millisecond or so.
    const endedBeforeDecision = hrTimeToMilliseconds(chain.endTime) - hrTimeToMilliseconds(call.endTime)
    expect(endedBeforeDecision).toBeGreaterThan(50)
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
    const slow = spanNamed(await finishedSpans(), 'fallback.step slow')
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

  it('marks a model call still running at its timeout, which ends on its own later', async () => {
    let finishLate: (value: string) => void = () => {}
    const late = new Promise<string>((resolve) => {
      finishLate = resolve
    })
    await withFallback(
      [modelStep('primary', 'gpt-4o', () => late), { name: 'cache', cache: true, run: () => 'cached' }],
      { timeoutMs: 10 },
    )
    finishLate('too late')
    await late

    const spans = await finishedSpans()
    expect(spanNamed(spans, 'chat gpt-4o').attributes).toMatchObject({
      [ATTR_VIGIL_FALLBACK_REASON]: 'timeout',
      [ATTR_VIGIL_FALLBACK_SERVED]: false,
    })
  })

  it('records a rate limit as its own reason', async () => {
    await withFallback([
      modelStep('primary', 'gpt-4o', async () => Promise.reject(makeApiError(429, 'slow down'))),
      {
        name: 'secondary',
        run: () => Promise.reject(Object.assign(new Error('quota'), { code: 'rate_limit_exceeded' })),
      },
      { name: 'human', run: () => 'ok' },
    ])

    const spans = await finishedSpans()
    expect(spanNamed(spans, 'chat gpt-4o').attributes[ATTR_VIGIL_FALLBACK_REASON]).toBe('rate_limit')
    expect(spanNamed(spans, 'fallback.step secondary').attributes[ATTR_VIGIL_FALLBACK_REASON]).toBe(
      'rate_limit',
    )
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
    const primary = spanNamed(await finishedSpans(), 'fallback.step primary')
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

    const spans = await finishedSpans()
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

  it('records a cache hit when a cache step serves', async () => {
    await withFallback([
      { name: 'cache', cache: true, run: () => 'cached answer' },
      modelStep('primary', 'gpt-4o', async () => 'fresh'),
    ])

    const spans = await finishedSpans()
    expect(spans.map((span) => span.name).sort()).toEqual(['fallback', 'fallback.step cache'])
    expect(spanNamed(spans, 'fallback').attributes[ATTR_VIGIL_CACHE_HIT]).toBe(true)
    expect(spanNamed(spans, 'fallback.step cache').attributes).toMatchObject({
      [ATTR_VIGIL_CACHE_HIT]: true,
      [ATTR_VIGIL_FALLBACK_SERVED]: true,
    })
  })

  it('records a cache miss when a cache step is passed over', async () => {
    await withFallback(
      [
        { name: 'cache', cache: true, run: () => undefined },
        { name: 'primary', run: () => 'fresh' },
      ],
      { accept: (answer) => answer !== undefined },
    )

    const spans = await finishedSpans()
    expect(spanNamed(spans, 'fallback').attributes[ATTR_VIGIL_CACHE_HIT]).toBe(false)
    expect(spanNamed(spans, 'fallback.step cache').attributes[ATTR_VIGIL_CACHE_HIT]).toBe(false)
  })

  it('takes the last model call of a step as the attempt; calls nested inside it stay plain children', async () => {
    await withFallback([
      {
        name: 'primary',
        run: async () => {
          await observe(makeMeta({ model: 'draft' }), async () => 'draft')
          return observe(makeMeta({ model: 'final' }), () =>
            observe(makeMeta({ model: 'nested' }), async () => 'answer'),
          )
        },
      },
    ])

    const spans = await finishedSpans()
    expect(spanNamed(spans, 'chat final').attributes[ATTR_VIGIL_FALLBACK_SERVED]).toBe(true)
    expect(spanNamed(spans, 'chat draft').attributes[ATTR_VIGIL_FALLBACK_STEP]).toBeUndefined()
    expect(spanNamed(spans, 'chat nested').attributes[ATTR_VIGIL_FALLBACK_STEP]).toBeUndefined()
    expect(spans.filter((span) => span.name.startsWith('fallback.step'))).toEqual([])
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
