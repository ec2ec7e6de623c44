import { type ExportResult, ExportResultCode } from '@opentelemetry/core'
import { BasicTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { StatsCounters } from '../stats.js'
import { createCaptureLogger } from '../test-support/capture-logger.js'
import { ExportQueue, type ExportQueueOptions } from './export-queue.js'

/** An exporter whose batches wait until the test answers them. */
class HeldExporter implements SpanExporter {
  readonly batches: Array<{ spans: ReadableSpan[]; answer: (ok: boolean) => void }> = []

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.batches.push({
      spans,
      answer: (ok) => resultCallback({ code: ok ? ExportResultCode.SUCCESS : ExportResultCode.FAILED }),
    })
  }

  async shutdown(): Promise<void> {}
}

function makeQueue(options: Partial<ExportQueueOptions> = {}) {
  const exporter = new HeldExporter()
  const stats = new StatsCounters()
  const queue = new ExportQueue({
    exporter,
    stats,
    logger: createCaptureLogger(),
    maxQueueSize: 10,
    maxExportBatchSize: 2,
    scheduledDelayMillis: 60_000,
    exportTimeoutMillis: 60_000,
    ...options,
  })
  const tracer = new BasicTracerProvider().getTracer('test')
  const endSpan = (name = 'span') => {
    const span = tracer.startSpan(name)
    span.end()
    queue.onEnd(span as unknown as ReadableSpan)
  }
  return { queue, exporter, stats, endSpan }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('ExportQueue', () => {
  it('sends a batch as soon as it is full, and one batch at a time', () => {
    const { exporter, endSpan } = makeQueue()
    endSpan()
    expect(exporter.batches).toHaveLength(0)
    endSpan()
    endSpan()
    endSpan()
    expect(exporter.batches.map((batch) => batch.spans.length)).toEqual([2])
  })

  it('drops and counts spans beyond maxQueueSize', () => {
    const { queue, stats, endSpan } = makeQueue({ maxQueueSize: 3, maxExportBatchSize: 1 })
    for (let i = 0; i < 6; i++) endSpan()
    // One in flight, three queued, two dropped.
    expect(queue.length).toBe(3)
    expect(stats.spansDropped).toBe(2)
  })

  it('flushes only once the batch already in flight is acknowledged', async () => {
    const { queue, exporter, endSpan } = makeQueue({ maxExportBatchSize: 1 })
    endSpan()
    let done = false
    const flushed = queue.flush().then((ok) => {
      done = ok
    })
    await settle()
    expect(done).toBe(false)
    exporter.batches[0]?.answer(true)
    await flushed
    expect(done).toBe(true)
  })

  it('reports a failed batch to the flush that covers it, then recovers', async () => {
    const { queue, exporter, stats, endSpan } = makeQueue()
    endSpan()
    const first = queue.flush()
    exporter.batches[0]?.answer(false)
    await expect(first).resolves.toBe(false)
    expect(stats).toMatchObject({ spansFailed: 1, exportFailures: 1 })

    endSpan()
    const second = queue.flush()
    exporter.batches[1]?.answer(true)
    await expect(second).resolves.toBe(true)
  })

  it('reports a loss that no running flush covers to the next flush', async () => {
    const { queue, exporter, endSpan } = makeQueue({ maxQueueSize: 1, maxExportBatchSize: 1 })
    endSpan() // sent, awaiting an answer
    endSpan() // queued; the queue is now full
    const covering = queue.flush()
    endSpan() // dropped after that flush began
    exporter.batches[0]?.answer(true)
    await settle()
    exporter.batches[1]?.answer(true)

    await expect(covering).resolves.toBe(true)
    await expect(queue.flush()).resolves.toBe(false)
    await expect(queue.flush()).resolves.toBe(true)
  })

  it('fails a batch the exporter never answers once exportTimeoutMillis passes', async () => {
    const { queue, stats, endSpan } = makeQueue({ exportTimeoutMillis: 1 })
    endSpan()
    await expect(queue.flush()).resolves.toBe(false)
    expect(stats.exportFailures).toBe(1)
  })

  it('drops spans that end after shutdown', async () => {
    const { queue, stats, endSpan } = makeQueue()
    await expect(queue.close()).resolves.toBe(true)
    endSpan()
    expect(stats.spansDropped).toBe(1)
  })
})
