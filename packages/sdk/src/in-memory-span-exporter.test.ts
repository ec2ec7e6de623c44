import { describe, expect, it } from 'vitest'
import { InMemorySpanExporter } from './in-memory-span-exporter.js'
import { init, shutdown } from './init.js'
import { observe } from './observe.js'
import { createCaptureLogger } from './test-support/capture-logger.js'
import { makeMeta } from './test-support/fixtures.js'

describe('InMemorySpanExporter', () => {
  it('keeps its spans after shutdown so tests can read them', async () => {
    const exporter = new InMemorySpanExporter()
    init({ exporter, logger: createCaptureLogger() })
    await observe(makeMeta(), async () => 'ok')

    await shutdown()

    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['chat gpt-4o'])
  })
})
