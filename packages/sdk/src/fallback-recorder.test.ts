import { SpanKind } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import {
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
import { type FallbackStep, withFallback } from './fallback.js'
import { getStats } from './init.js'
import { observe } from './observe.js'
import { makeApiError, makeMeta } from './test-support/fixtures.js'
import { spanNamed, useRecordingSdk } from './test-support/recording-sdk.js'
import { endedBy } from './test-support/span-clock.js'

// How withFallback() chains are recorded: the chain span, and each step's attempt span.
const sdk = useRecordingSdk()

/** A step whose run is a model call recorded with observe(). */
function modelStep<T>(name: string, model: string, answer: () => Promise<T>): FallbackStep<T> {
  return { name, run: () => observe(makeMeta({ model }), answer) }
}

describe('FallbackRecorder', () => {
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

    const spans = await sdk.spans()
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

  it('ends a model call whose span waited for the decision at the call’s own end', async () => {
    let callStarted = 0
    let decisionStarted = 0
    await withFallback(
      [
        {
          name: 'primary',
          run: () => {
            callStarted = performance.now()
            return observe(makeMeta({ model: 'gpt-4o' }), async () => 'low confidence')
          },
        },
        { name: 'human', run: () => 'ok' },
      ],
      {
        accept: async (result, step) => {
          if (step.name === 'primary') decisionStarted = performance.now()
          // A decision that takes a while (a moderation call, say): the span stays open until it is made.
          await new Promise((resolve) => setTimeout(resolve, 10))
          return result !== 'low confidence'
        },
      },
    )

    const call = await sdk.spanNamed('chat gpt-4o')
    expect(call.attributes[ATTR_VIGIL_FALLBACK_REASON]).toBe('rejected')
    // Ordered on the span's own clock: the call had ended before the decision began.
    expect(endedBy(call, callStarted, decisionStarted)).toBe(true)
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

    const spans = await sdk.spans()
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

    const spans = await sdk.spans()
    expect(spanNamed(spans, 'chat gpt-4o').attributes[ATTR_VIGIL_FALLBACK_REASON]).toBe('rate_limit')
    expect(spanNamed(spans, 'fallback.step secondary').attributes[ATTR_VIGIL_FALLBACK_REASON]).toBe(
      'rate_limit',
    )
  })

  it('records a cache hit when a cache step serves', async () => {
    await withFallback([
      { name: 'cache', cache: true, run: () => 'cached answer' },
      modelStep('primary', 'gpt-4o', async () => 'fresh'),
    ])

    const spans = await sdk.spans()
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

    const spans = await sdk.spans()
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

    const spans = await sdk.spans()
    expect(spanNamed(spans, 'chat final').attributes[ATTR_VIGIL_FALLBACK_SERVED]).toBe(true)
    expect(spanNamed(spans, 'chat draft').attributes[ATTR_VIGIL_FALLBACK_STEP]).toBeUndefined()
    expect(spanNamed(spans, 'chat nested').attributes[ATTR_VIGIL_FALLBACK_STEP]).toBeUndefined()
    expect(spans.filter((span) => span.name.startsWith('fallback.step'))).toEqual([])
  })
})
