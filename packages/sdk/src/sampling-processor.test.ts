import { afterEach, describe, expect, it } from 'vitest'
import { InMemorySpanExporter } from './in-memory-span-exporter.js'
import { flush, getStats, init, shutdown } from './init.js'
import { observe } from './observe.js'
import { isSampled } from './sampling-processor.js'
import { createCaptureLogger } from './test-support/capture-logger.js'
import { makeApiError, makeMeta } from './test-support/fixtures.js'

afterEach(async () => {
  await shutdown()
})

describe('SamplingProcessor', () => {
  it('keeps every failed call even when successful ones are all sampled out', async () => {
    const exporter = new InMemorySpanExporter()
    init({ exporter, sampleRate: 0, logger: createCaptureLogger() })

    await observe(makeMeta({ model: 'ok-model' }), async () => 'ok')
    await observe(makeMeta({ model: 'failing-model' }), async () => Promise.reject(makeApiError(503))).catch(
      () => {},
    )

    await expect(flush()).resolves.toBe(true)
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['chat failing-model'])
    expect(getStats()).toMatchObject({ spansStarted: 2, spansSampledOut: 1, spansExported: 1 })
  })

  it('keeps everything at the default rate', async () => {
    const exporter = new InMemorySpanExporter()
    init({ exporter, logger: createCaptureLogger() })

    for (let i = 0; i < 5; i++) await observe(makeMeta(), async () => i)

    await flush()
    expect(exporter.getFinishedSpans()).toHaveLength(5)
  })
})

describe('isSampled', () => {
  it('decides from the low 32 bits of the trace id, so a whole trace shares one decision', () => {
    const low = '0000000000000000000000000fffffff' // bucket ≈ 0.06
    const high = '00000000000000000000000fffffffff' // bucket ≈ 1.0
    expect(isSampled(low, 0.5)).toBe(true)
    expect(isSampled(high, 0.5)).toBe(false)
    expect(isSampled(high, 1)).toBe(true)
    expect(isSampled(low, 0)).toBe(false)
  })
})
