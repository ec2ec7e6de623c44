import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterEach, beforeEach, expect } from 'vitest'
import { InMemorySpanExporter } from '../in-memory-span-exporter.js'
import { flush, init, shutdown } from '../init.js'
import type { InitOptions } from '../init-options.js'
import { createCaptureLogger } from './capture-logger.js'

/** What {@link useRecordingSdk} gives a test file. */
export interface RecordingSdk {
  /** The current test's exporter. */
  readonly exporter: InMemorySpanExporter
  /** The current test's logger, which remembers what the SDK said. */
  readonly logger: ReturnType<typeof createCaptureLogger>
  /** Flushes, then returns every span finished so far in this test. */
  spans(): Promise<ReadableSpan[]>
  /** Flushes, checks that exactly one span finished, and returns it. */
  onlySpan(): Promise<ReadableSpan>
  /** Flushes, then returns the finished span named `name`; fails the test when there is none. */
  spanNamed(name: string): Promise<ReadableSpan>
}

/**
 * Sets the SDK up for each test of the file: `init()` with a fresh in-memory
 * exporter and a capture logger (plus `options`) before each test,
 * `shutdown()` after it. Call it at the top level of a test file. Test support only.
 *
 * @example
 * ```ts
 * const sdk = useRecordingSdk({ captureContent: true })
 * it('records the call', async () => {
 *   await observe(makeMeta(), async () => 'ok')
 *   expect((await sdk.onlySpan()).name).toBe('chat gpt-4o')
 * })
 * ```
 */
export function useRecordingSdk(options: Omit<InitOptions, 'exporter' | 'logger'> = {}): RecordingSdk {
  let exporter = new InMemorySpanExporter()
  let logger = createCaptureLogger()
  beforeEach(() => {
    exporter = new InMemorySpanExporter()
    logger = createCaptureLogger()
    init({ ...options, exporter, logger })
  })
  afterEach(async () => {
    await shutdown()
  })
  const spans = async () => {
    await flush()
    return exporter.getFinishedSpans()
  }
  return {
    get exporter() {
      return exporter
    },
    get logger() {
      return logger
    },
    spans,
    async onlySpan() {
      const finished = await spans()
      expect(finished).toHaveLength(1)
      return finished[0] as ReadableSpan
    },
    async spanNamed(name) {
      return spanNamed(await spans(), name)
    },
  }
}

/** The span named `name` among `spans`; fails the test when there is none. Test support only. */
export function spanNamed(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const span = spans.find((candidate) => candidate.name === name)
  if (span === undefined) throw new Error(`no span "${name}" in [${spans.map((s) => s.name).join(', ')}]`)
  return span
}
