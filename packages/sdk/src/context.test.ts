import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import {
  ATTR_VIGIL_ENVIRONMENT,
  ATTR_VIGIL_PROMPT_VERSION,
  ATTR_VIGIL_SESSION_ID,
  ATTR_VIGIL_SUBJECT_ID,
  ATTR_VIGIL_TAGS,
  ATTR_VIGIL_USE_CASE,
  ATTR_VIGIL_USER_ID,
} from './attributes.js'
import { getCurrentCallIds, withContext } from './context.js'
import { shutdown } from './init.js'
import { observe } from './observe.js'
import { makeMeta } from './test-support/fixtures.js'
import { useRecordingSdk } from './test-support/recording-sdk.js'

const sdk = useRecordingSdk()

function spanNamed(spans: ReadableSpan[], model: string): ReadableSpan {
  const span = spans.find((candidate) => candidate.name === `chat ${model}`)
  if (span === undefined) throw new Error(`no span for ${model}`)
  return span
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1))

describe('withContext', () => {
  it('attaches its values to calls made after awaits and in parallel', async () => {
    await withContext(
      {
        useCase: 'support-reply',
        userId: 'u-1',
        sessionId: 's-1',
        promptVersion: 'v2',
        environment: 'canary',
        subjectId: 'ticket-981',
        tags: ['beta'],
      },
      async () => {
        await tick()
        await Promise.all([
          observe(makeMeta({ model: 'a' }), async () => 'a'),
          (async () => {
            await tick()
            await observe(makeMeta({ model: 'b' }), async () => 'b')
          })(),
        ])
      },
    )

    const spans = await sdk.spans()
    expect(spans).toHaveLength(2)
    for (const span of spans) {
      expect(span.attributes).toMatchObject({
        [ATTR_VIGIL_USE_CASE]: 'support-reply',
        [ATTR_VIGIL_USER_ID]: 'u-1',
        [ATTR_VIGIL_SESSION_ID]: 's-1',
        [ATTR_VIGIL_PROMPT_VERSION]: 'v2',
        [ATTR_VIGIL_ENVIRONMENT]: 'canary',
        [ATTR_VIGIL_SUBJECT_ID]: 'ticket-981',
        [ATTR_VIGIL_TAGS]: ['beta'],
      })
    }
  })

  it('keeps concurrent contexts apart', async () => {
    await Promise.all(
      ['u-1', 'u-2'].map((userId) =>
        withContext({ userId }, async () => {
          await tick()
          await observe(makeMeta({ model: userId }), async () => userId)
        }),
      ),
    )

    const spans = await sdk.spans()
    expect(spanNamed(spans, 'u-1').attributes[ATTR_VIGIL_USER_ID]).toBe('u-1')
    expect(spanNamed(spans, 'u-2').attributes[ATTR_VIGIL_USER_ID]).toBe('u-2')
  })

  it('merges nested contexts: the inner value wins and tags add up without duplicates', async () => {
    await withContext({ useCase: 'outer', userId: 'u-1', tags: ['a', 'b'] }, () =>
      withContext({ useCase: 'inner', tags: ['b', 'c'] }, () => observe(makeMeta(), async () => 'ok')),
    )

    const [span] = await sdk.spans()
    expect(span?.attributes).toMatchObject({
      [ATTR_VIGIL_USE_CASE]: 'inner',
      [ATTR_VIGIL_USER_ID]: 'u-1',
      [ATTR_VIGIL_TAGS]: ['a', 'b', 'c'],
    })
  })

  it("lets the call's own meta win over the context, adding its tags", async () => {
    await withContext({ useCase: 'from-context', subjectId: 'ticket-1', tags: ['ctx'] }, () =>
      observe(makeMeta({ useCase: 'from-meta', tags: ['meta', 'ctx'] }), async () => 'ok'),
    )

    const [span] = await sdk.spans()
    expect(span?.attributes).toMatchObject({
      [ATTR_VIGIL_USE_CASE]: 'from-meta',
      [ATTR_VIGIL_SUBJECT_ID]: 'ticket-1',
      [ATTR_VIGIL_TAGS]: ['ctx', 'meta'],
    })
  })

  it('ends with its function: calls made afterwards carry nothing', async () => {
    await withContext({ useCase: 'inside' }, async () => {})
    await observe(makeMeta(), async () => 'ok')

    const [span] = await sdk.spans()
    expect(span?.attributes[ATTR_VIGIL_USE_CASE]).toBeUndefined()
  })

  it("returns the function's result and lets its error through", async () => {
    const result = { id: 1 }
    const error = new Error('boom')
    expect(withContext({ useCase: 'x' }, () => result)).toBe(result)
    await expect(withContext({ useCase: 'x' }, async () => Promise.reject(error))).rejects.toBe(error)
  })

  it('ignores values that are not non-empty strings', async () => {
    const values = { useCase: '  ', userId: 42, tags: ['ok', 7, ''] } as unknown as Parameters<
      typeof withContext
    >[0]
    await withContext(values, () => observe(makeMeta(), async () => 'ok'))

    const [span] = await sdk.spans()
    expect(span?.attributes[ATTR_VIGIL_USE_CASE]).toBeUndefined()
    expect(span?.attributes[ATTR_VIGIL_USER_ID]).toBeUndefined()
    expect(span?.attributes[ATTR_VIGIL_TAGS]).toEqual(['ok'])
  })
})

describe('observe inside observe', () => {
  it('makes the outer call the parent of calls made in its function', async () => {
    await observe(makeMeta({ model: 'outer' }), async () => {
      await tick()
      await observe(makeMeta({ model: 'inner' }), async () => 'ok')
    })

    const spans = await sdk.spans()
    const outer = spanNamed(spans, 'outer')
    const inner = spanNamed(spans, 'inner')
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId)
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId)
  })

  it('starts separate traces for calls made one after the other', async () => {
    await observe(makeMeta({ model: 'first' }), async () => 'ok')
    await observe(makeMeta({ model: 'second' }), async () => 'ok')

    const spans = await sdk.spans()
    expect(spanNamed(spans, 'second').parentSpanContext).toBeUndefined()
    expect(spanNamed(spans, 'first').spanContext().traceId).not.toBe(
      spanNamed(spans, 'second').spanContext().traceId,
    )
  })
})

describe('getCurrentCallIds', () => {
  it('returns the ids of the innermost call in progress, across awaits', async () => {
    const seen: Array<ReturnType<typeof getCurrentCallIds>> = []
    await observe(makeMeta({ model: 'outer' }), async () => {
      await tick()
      seen.push(getCurrentCallIds())
      await observe(makeMeta({ model: 'inner' }), async () => {
        await tick()
        seen.push(getCurrentCallIds())
      })
      seen.push(getCurrentCallIds())
    })

    const spans = await sdk.spans()
    const idsOf = (span: ReadableSpan) => ({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
    })
    const outer = idsOf(spanNamed(spans, 'outer'))
    expect(seen).toEqual([outer, idsOf(spanNamed(spans, 'inner')), outer])
  })

  it('is undefined outside any call', () => {
    expect(getCurrentCallIds()).toBeUndefined()
  })

  it('is undefined when nothing is recorded', async () => {
    await shutdown()
    await expect(observe(makeMeta(), async () => getCurrentCallIds())).resolves.toBeUndefined()
  })
})
