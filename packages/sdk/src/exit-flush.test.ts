import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { InMemorySpanExporter } from './in-memory-span-exporter.js'
import { init, shutdown } from './init.js'
import { createCaptureLogger } from './test-support/capture-logger.js'
import { startLoopbackCollector } from './test-support/loopback-collector.js'

const run = promisify(execFile)
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Runs test-support/exit-flush-script.ts in a child Node process against `endpoint`, to its natural end. */
async function runScript(endpoint: string, env: Record<string, string> = {}) {
  return run(
    process.execPath,
    ['--import', here('./test-support/register-ts-source.mjs'), here('./test-support/exit-flush-script.ts')],
    { env: { ...process.env, VIGIL_ENDPOINT: endpoint, VIGIL_API_KEY: '', ...env }, timeout: 30_000 },
  )
}

afterEach(async () => {
  await shutdown()
})

describe('flush on exit', () => {
  it('delivers the spans of a script that ends without flush()', async () => {
    const collector = await startLoopbackCollector()
    try {
      await runScript(collector.endpoint)
      expect(collector.requests).toHaveLength(1)
      expect(collector.requests[0]?.url).toBe('/v1/traces')
      expect(collector.requests[0]?.body.includes('chat exit-flush-model')).toBe(true)
    } finally {
      await collector.close()
    }
  })

  it('is what delivers them: without the hook the same script loses its span', async () => {
    const collector = await startLoopbackCollector()
    try {
      await runScript(collector.endpoint, { VIGIL_TEST_NO_EXIT_FLUSH: '1' })
      expect(collector.requests).toHaveLength(0)
    } finally {
      await collector.close()
    }
  })

  it('registers its beforeExit listener once, however often init() runs', () => {
    init({ exporter: new InMemorySpanExporter(), logger: createCaptureLogger() })
    const afterFirst = process.listenerCount('beforeExit')
    init({ exporter: new InMemorySpanExporter(), logger: createCaptureLogger() })
    init({ exporter: new InMemorySpanExporter(), logger: createCaptureLogger() })
    expect(process.listenerCount('beforeExit')).toBe(afterFirst)
  })
})
