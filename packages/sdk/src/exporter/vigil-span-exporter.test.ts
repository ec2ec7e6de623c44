import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ExportResultCode } from '@opentelemetry/core'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterEach, describe, expect, it } from 'vitest'
import { InMemorySpanExporter } from '../in-memory-span-exporter.js'
import { flush, getStats, init, shutdown } from '../init.js'
import { observe } from '../observe.js'
import { createCaptureLogger } from '../test-support/capture-logger.js'
import { makeMeta } from '../test-support/fixtures.js'
import { startLoopbackCollector, unusedEndpoint } from '../test-support/loopback-collector.js'
import type { RetryPolicy } from './retry-policy.js'
import { VigilSpanExporter } from './vigil-span-exporter.js'

type Collector = Awaited<ReturnType<typeof startLoopbackCollector>>
let collector: Collector | undefined

afterEach(async () => {
  await shutdown()
  await collector?.close()
  collector = undefined
})

/** Inits the SDK against `endpoint` with waits recorded instead of slept, so retries take no real time. */
function initAgainst(
  endpoint: string,
  options: { retry?: Partial<RetryPolicy>; maxQueueSize?: number } = {},
) {
  const logger = createCaptureLogger()
  const waits: number[] = []
  const exporter = new VigilSpanExporter(
    { endpoint, apiKey: 'vk_test', logger, retry: options.retry },
    { sleep: async (millis) => void waits.push(millis), random: () => 0.5 },
  )
  init({ exporter, logger, maxQueueSize: options.maxQueueSize, maxExportBatchSize: 1 })
  return { logger, waits }
}

describe('VigilSpanExporter', () => {
  it('POSTs protobuf to /v1/traces with the bearer key', async () => {
    collector = await startLoopbackCollector()
    initAgainst(collector.endpoint)

    await observe(makeMeta({ useCase: 'summarize' }), async () => 'ok')
    await expect(flush()).resolves.toBe(true)

    const [request] = collector.requests
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/v1/traces')
    expect(request?.headers['content-type']).toBe('application/x-protobuf')
    expect(request?.headers.authorization).toBe('Bearer vk_test')
    // Protobuf keeps strings verbatim, which is enough to see the span is in there.
    expect(request?.body.includes('chat gpt-4o')).toBe(true)
    expect(request?.body.includes('summarize')).toBe(true)
    expect(getStats()).toMatchObject({ spansExported: 1, exportFailures: 0 })
  })

  it('retries a 503 after the Retry-After delay, then succeeds', async () => {
    collector = await startLoopbackCollector([{ status: 503, headers: { 'retry-after': '2' } }])
    const { waits } = initAgainst(collector.endpoint)

    await observe(makeMeta(), async () => 'ok')

    await expect(flush()).resolves.toBe(true)
    expect(collector.requests).toHaveLength(2)
    expect(waits).toEqual([2000])
    expect(getStats()).toMatchObject({ spansExported: 1, exportRetries: 1, exportFailures: 0 })
  })

  it('gives up when Retry-After asks for more than the retry budget', async () => {
    collector = await startLoopbackCollector([{ status: 429, headers: { 'retry-after': '60' } }])
    const { waits, logger } = initAgainst(collector.endpoint)

    await observe(makeMeta(), async () => 'ok')

    await expect(flush()).resolves.toBe(false)
    expect(waits).toEqual([])
    expect(logger.text('warn')).toContain('answered 429')
  })

  it('does not retry a 400 and logs the status and the collector message', async () => {
    collector = await startLoopbackCollector([
      { status: 400, headers: { 'content-type': 'text/plain' }, body: 'span 3 has no trace id' },
    ])
    const { logger } = initAgainst(collector.endpoint)

    await observe(makeMeta(), async () => 'ok')

    await expect(flush()).resolves.toBe(false)
    expect(collector.requests).toHaveLength(1)
    expect(logger.text('error')).toContain('answered 400 (span 3 has no trace id)')
    expect(getStats()).toMatchObject({
      spansExported: 0,
      spansFailed: 1,
      exportFailures: 1,
      exportRetries: 0,
    })
  })

  it('logs a repeated failure once, with a hint on what to fix', async () => {
    collector = await startLoopbackCollector([{ status: 401 }, { status: 401 }])
    const { logger } = initAgainst(collector.endpoint)

    await observe(makeMeta(), async () => 1)
    await observe(makeMeta(), async () => 2)
    await flush()

    const errors = logger.lines.filter((line) => line.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toContain('VIGIL_API_KEY')
  })

  it('reports false when the collector is down, without disturbing the app', async () => {
    const { logger, waits } = initAgainst(await unusedEndpoint(), { retry: { maxAttempts: 3 } })

    const result = { answer: 42 }
    await expect(observe(makeMeta(), async () => result)).resolves.toBe(result)

    await expect(flush()).resolves.toBe(false)
    expect(waits).toHaveLength(2)
    expect(logger.text('warn')).toContain('ECONNREFUSED')
    expect(getStats()).toMatchObject({ spansFailed: 1, exportFailures: 1, exportRetries: 2 })
  })

  it('counts the spans dropped while the queue is full', async () => {
    collector = await startLoopbackCollector()
    collector.hold()
    initAgainst(collector.endpoint, { maxQueueSize: 2 })

    // One span goes out and hangs on the held request; two wait in the queue; two overflow.
    for (let i = 0; i < 5; i++) await observe(makeMeta(), async () => i)

    expect(getStats()).toMatchObject({ spansStarted: 5, spansDropped: 2, queueLength: 2 })
    const flushed = flush()
    collector.release()
    await expect(flushed).resolves.toBe(false)
    expect(getStats()).toMatchObject({ spansExported: 3, spansDropped: 2 })

    await observe(makeMeta(), async () => 'after')
    await expect(flush()).resolves.toBe(true)
  })

  it('counts spans the collector rejected in a partial success, without retrying', async () => {
    // ExportTraceServiceResponse { partial_success { rejected_spans: 1, error_message: "bad" } }
    const partial = Buffer.from([0x0a, 0x07, 0x08, 0x01, 0x12, 0x03, ...Buffer.from('bad')])
    collector = await startLoopbackCollector([{ status: 200, body: partial }])
    const { logger } = initAgainst(collector.endpoint)

    await observe(makeMeta(), async () => 'ok')

    await expect(flush()).resolves.toBe(true)
    expect(collector.requests).toHaveLength(1)
    expect(getStats()).toMatchObject({ spansExported: 1, spansRejected: 1 })
    expect(logger.text('warn')).toContain('rejected 1 of 1 spans: bad')
  })

  it('re-sends at once on a new connection when the server closed the kept-alive one while it sat idle', async () => {
    const server = await startKeepAliveServer()
    const waits: number[] = []
    const exporter = new VigilSpanExporter(
      { endpoint: server.endpoint, logger: createCaptureLogger() },
      { sleep: async (millis) => void waits.push(millis) },
    )
    try {
      const spans = await recordSpans()
      await expect(exportOnce(exporter, spans)).resolves.toBe(ExportResultCode.SUCCESS)
      // The server's idle timeout passes while the app is busy: the server closes the connection,
      // and the app, without a turn of its event loop to notice, writes the next export to it.
      server.closeIdleConnections()
      await expect(exportOnce(exporter, spans)).resolves.toBe(ExportResultCode.SUCCESS)
      expect(exporter.getCounters().exportRetries).toBe(1)
      expect(waits).toEqual([])
      expect(server.answered).toBe(2)
    } finally {
      await exporter.shutdown()
      await server.close()
    }
  })
})

/** One finished span, recorded through the SDK. */
async function recordSpans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter()
  init({ exporter: memory })
  await observe(makeMeta(), async () => 'ok')
  await flush()
  return memory.getFinishedSpans()
}

function exportOnce(exporter: VigilSpanExporter, spans: ReadableSpan[]): Promise<ExportResultCode> {
  return new Promise((resolve) => exporter.export(spans, (result) => resolve(result.code)))
}

/**
 * An OTLP endpoint that keeps connections alive without announcing a timeout
 * (no `Keep-Alive: timeout` hint), as many proxies and load balancers do, and
 * closes its idle ones when told.
 */
async function startKeepAliveServer() {
  let answered = 0
  const server = http.createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      answered++
      response.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 })
      response.end()
    })
  })
  server.keepAliveTimeout = 0 // no hint, and no idle timer of its own: the test decides when to close
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get answered() {
      return answered
    },
    closeIdleConnections: () => server.closeIdleConnections(),
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
