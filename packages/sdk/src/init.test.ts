import { trace } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { InMemorySpanExporter } from './in-memory-span-exporter.js'
import { flush, getStats, init, shutdown } from './init.js'
import { observe } from './observe.js'
import { createCaptureLogger } from './test-support/capture-logger.js'
import { makeMeta } from './test-support/fixtures.js'

afterEach(async () => {
  await shutdown()
})

describe('init', () => {
  it('describes the app in the resource of every span', async () => {
    const exporter = new InMemorySpanExporter()
    init({ exporter, serviceName: 'support-bot', environment: 'production', logger: createCaptureLogger() })

    await observe(makeMeta(), async () => 'ok')
    await flush()

    expect(exporter.getFinishedSpans()[0]?.resource.attributes).toMatchObject({
      'service.name': 'support-bot',
      'deployment.environment.name': 'production',
      'telemetry.sdk.name': 'vigil',
    })
  })

  it('leaves the global OpenTelemetry tracer provider alone', async () => {
    init({ exporter: new InMemorySpanExporter(), logger: createCaptureLogger() })

    const globalSpan = trace.getTracer('app').startSpan('app work')
    expect(globalSpan.isRecording()).toBe(false)
    globalSpan.end()
  })

  it('warns and replaces the previous setup when called twice, still delivering what it recorded', async () => {
    const logger = createCaptureLogger()
    const first = new InMemorySpanExporter()
    const second = new InMemorySpanExporter()
    init({ exporter: first, logger })
    await observe(makeMeta({ model: 'first' }), async () => 1)

    init({ exporter: second, logger })
    await observe(makeMeta({ model: 'second' }), async () => 2)

    await expect(flush()).resolves.toBe(true)
    expect(logger.text('warn')).toContain('init() was called again')
    expect(first.getFinishedSpans().map((span) => span.name)).toEqual(['chat first'])
    expect(second.getFinishedSpans().map((span) => span.name)).toEqual(['chat second'])
  })

  it('warns about bad options instead of throwing, and still records', async () => {
    const logger = createCaptureLogger()
    const exporter = new InMemorySpanExporter()
    const bad = { exporter, logger, sampleRate: 7, maxQueueSize: -1 } as const

    expect(() => init(bad)).not.toThrow()
    await observe(makeMeta(), async () => 'ok')
    await flush()

    expect(logger.text('warn')).toContain('init({ sampleRate }) = 7 is not a number from 0 to 1')
    expect(logger.text('warn')).toContain('init({ maxQueueSize }) = -1')
    expect(exporter.getFinishedSpans()).toHaveLength(1)
  })

  it('resolves flush and shutdown to true when nothing was lost', async () => {
    init({ exporter: new InMemorySpanExporter(), logger: createCaptureLogger() })
    await observe(makeMeta(), async () => 'ok')

    await expect(flush()).resolves.toBe(true)
    await expect(shutdown()).resolves.toBe(true)
    expect(getStats()).toMatchObject({ spansStarted: 1, spansExported: 1 })
  })

  it('stops recording after shutdown', async () => {
    const exporter = new InMemorySpanExporter()
    init({ exporter, logger: createCaptureLogger() })
    await shutdown()

    await expect(observe(makeMeta(), async () => 'still runs')).resolves.toBe('still runs')
    expect(exporter.getFinishedSpans()).toHaveLength(0)
  })
})
