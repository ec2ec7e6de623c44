import { SpanStatusCode } from '@opentelemetry/api'
import { hrTimeToMilliseconds } from '@opentelemetry/core'
import { describe, expect, it } from 'vitest'
import { ATTR_ERROR_TYPE, ATTR_VIGIL_USE_CASE, ATTR_VIGIL_USER_ID } from './attributes.js'
import { withContext } from './context.js'
import { activePipeline, sdkLogger } from './init.js'
import { LlmCallRecorder, type RecorderOptions } from './llm-call-recorder.js'
import { makeApiError, makeMeta } from './test-support/fixtures.js'
import { useRecordingSdk } from './test-support/recording-sdk.js'
import { endedBy } from './test-support/span-clock.js'

const sdk = useRecordingSdk()

function startRecorder(meta = makeMeta(), options?: RecorderOptions): LlmCallRecorder<unknown> {
  return LlmCallRecorder.start(meta, activePipeline(), sdkLogger(), options)
}

describe('LlmCallRecorder', () => {
  it('records the error.type a wrapper gives, with the error’s own message', async () => {
    const error = makeApiError(408, 'the client gave up')

    startRecorder().fail(error, { errorType: 'timeout' })

    const span = await sdk.onlySpan()
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('timeout')
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'the client gave up' })
  })

  it('derives error.type from the error when the wrapper gives none', async () => {
    startRecorder().fail(makeApiError(429, 'slow down'))

    expect((await sdk.onlySpan()).attributes[ATTR_ERROR_TYPE]).toBe('429')
  })

  it('records a failure that is no exception from its description', async () => {
    startRecorder().fail('The provider withheld the answer.', { errorType: 'content_filter' })

    const span = await sdk.onlySpan()
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('content_filter')
    expect(span.status.message).toBe('The provider withheld the answer.')
  })

  it('ends the span at the end time it is given, for a call found ended after the fact', async () => {
    const beforeStart = performance.now()
    const recorder = startRecorder()
    const endedAt = performance.now()
    await new Promise((resolve) => setImmediate(resolve))

    recorder.succeed(undefined, { endTime: endedAt })

    expect(endedBy(await sdk.onlySpan(), beforeStart, endedAt)).toBe(true)
  })

  it('ends the span now when the end time given is not a past performance.now() reading', async () => {
    startRecorder().fail(new Error('x'), { endTime: performance.now() + 60_000 })

    const span = await sdk.onlySpan()
    // Taken for an epoch time, that number would put the end in 1970, before the start.
    expect(hrTimeToMilliseconds(span.endTime)).toBeGreaterThanOrEqual(hrTimeToMilliseconds(span.startTime))
  })

  it('gives withContext() values precedence over the client context', async () => {
    const options = { clientContext: { useCase: 'from-client', userId: 'from-client' } }

    withContext({ userId: 'from-scope' }, () => startRecorder(makeMeta(), options).succeed(undefined))

    expect((await sdk.onlySpan()).attributes).toMatchObject({
      [ATTR_VIGIL_USE_CASE]: 'from-client',
      [ATTR_VIGIL_USER_ID]: 'from-scope',
    })
  })
})
