import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
} from './attributes.js'
import { VigilSpanExporter } from './exporter/vigil-span-exporter.js'
import { InMemorySpanExporter } from './in-memory-span-exporter.js'
import { flush, init, shutdown } from './init.js'
import type { InitOptions } from './init-options.js'
import { observe } from './observe.js'
import { createCaptureLogger } from './test-support/capture-logger.js'
import { makeMeta } from './test-support/fixtures.js'
import { startLoopbackCollector } from './test-support/loopback-collector.js'

const CONTENT_ATTRIBUTES = [
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
]

afterEach(async () => {
  await shutdown()
})

/** Runs one observed call that records all three kinds of content, and returns its span. */
async function recordOneCall(options: InitOptions): Promise<ReadableSpan> {
  const exporter = new InMemorySpanExporter()
  init({ exporter, logger: createCaptureLogger(), ...options })
  await observe(makeMeta(), async (call) => {
    call.recordSystemInstructions('You answer support tickets.')
    call.recordInput('My card is 4111 1111 1111 1111')
    call.recordOutput('Thanks, noted.')
    return 'ok'
  })
  await flush()
  const [span] = exporter.getFinishedSpans()
  if (span === undefined) throw new Error('no span recorded')
  return span
}

describe('observe with content capture', () => {
  it('records no content attribute while capture is off (the default)', async () => {
    const span = await recordOneCall({})
    for (const attribute of CONTENT_ATTRIBUTES) expect(span.attributes[attribute]).toBeUndefined()
  })

  it('records redacted input, output and system instructions when on', async () => {
    const span = await recordOneCall({ captureContent: true })
    expect(JSON.parse(String(span.attributes[ATTR_GEN_AI_INPUT_MESSAGES]))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'My card is [REDACTED:card]' }] },
    ])
    expect(JSON.parse(String(span.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Thanks, noted.' }] },
    ])
    expect(JSON.parse(String(span.attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]))).toEqual([
      { type: 'text', content: 'You answer support tickets.' },
    ])
  })

  it('never sends the raw text to the collector when the redactor throws', async () => {
    const collector = await startLoopbackCollector()
    try {
      const logger = createCaptureLogger()
      init({
        exporter: new VigilSpanExporter({ endpoint: collector.endpoint, logger }),
        logger,
        captureContent: true,
        redact: () => {
          throw new Error('redactor bug')
        },
      })
      await observe(makeMeta(), async (call) => {
        call.recordInput('Patient Jane Roe, diagnosis: confidential-condition-xyz')
        call.recordOutput('Reply about confidential-condition-xyz')
        return 'ok'
      })
      await expect(flush()).resolves.toBe(true)

      const body = Buffer.concat(collector.requests.map((request) => request.body))
      expect(body.includes('gen_ai.input.messages')).toBe(true)
      expect(body.includes('[redaction failed]')).toBe(true)
      expect(body.includes('confidential-condition-xyz')).toBe(false)
      expect(body.includes('Jane Roe')).toBe(false)
    } finally {
      await shutdown()
      await collector.close()
    }
  })

  it('ignores content recorded after the call ended', async () => {
    const exporter = new InMemorySpanExporter()
    init({ exporter, logger: createCaptureLogger(), captureContent: true })
    let late: ((text: string) => void) | undefined
    await observe(makeMeta(), async (call) => {
      late = (text) => call.recordOutput(text)
    })
    late?.('too late')
    await flush()
    expect(exporter.getFinishedSpans()[0]?.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]).toBeUndefined()
  })
})
