import { context, trace } from '@opentelemetry/api'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { ATTR_VIGIL_FALLBACK_SERVED } from './attributes.js'
import { withFallback } from './fallback.js'
import { InMemorySpanExporter } from './in-memory-span-exporter.js'
import { flush, getStats, shutdown } from './init.js'
import { observe } from './observe.js'
import { observeOpenAI } from './providers/openai.js'
import { AsyncContextManager } from './test-support/async-context-manager.js'
import { createCaptureLogger } from './test-support/capture-logger.js'
import { openAiClientOptions, startFakeLlm } from './test-support/fake-llm.js'
import { makeMeta } from './test-support/fixtures.js'
import { createVigilSpanProcessor } from './vigil-span-processor.js'

afterEach(async () => {
  await shutdown()
  // Undo what a test registered globally, as an app's NodeSDK would have.
  trace.disable()
  context.disable()
})

/** An app's own OpenTelemetry setup: its resource, its exporter, and Vigil's processor beside it. */
function makeAppSetup(register: boolean) {
  const vigilExporter = new InMemorySpanExporter()
  const appExporter = new InMemorySpanExporter()
  const logger = createCaptureLogger()
  const vigil = createVigilSpanProcessor({
    exporter: vigilExporter,
    logger,
    // Not registered globally: Vigil is told where the provider is (built just below).
    ...(register ? {} : { tracerProvider: () => provider }),
  })
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'app-with-otel' }),
    spanProcessors: [new SimpleSpanProcessor(appExporter), vigil],
  })
  if (register) {
    trace.setGlobalTracerProvider(provider)
    context.setGlobalContextManager(new AsyncContextManager())
  }
  const appTracer = provider.getTracer('app')
  return { vigilExporter, appExporter, appTracer, logger }
}

const names = (spans: ReadableSpan[]) => spans.map((span) => span.name).sort()

describe('createVigilSpanProcessor', () => {
  it("records through the app's provider and sends Vigil only the GenAI spans", async () => {
    const { vigilExporter, appExporter, appTracer } = makeAppSetup(false)

    appTracer.startSpan('GET /health').end()
    appTracer.startSpan('chat llama3', { attributes: { 'gen_ai.system': 'ollama' } }).end()
    await observe(makeMeta(), async () => 'ok')
    await flush()

    expect(names(vigilExporter.getFinishedSpans())).toEqual(['chat gpt-4o', 'chat llama3'])
    expect(names(appExporter.getFinishedSpans())).toEqual(['GET /health', 'chat gpt-4o', 'chat llama3'])
    const [vigilSpan] = vigilExporter.getFinishedSpans().filter((span) => span.name === 'chat gpt-4o')
    expect(vigilSpan?.resource.attributes['service.name']).toBe('app-with-otel')
    expect(getStats()).toMatchObject({ spansStarted: 2, spansExported: 2 })
  })

  it("nests Vigil's calls in the app's traces both ways, with the app's context manager", async () => {
    const { vigilExporter, appExporter, appTracer } = makeAppSetup(true)

    await appTracer.startActiveSpan('POST /reply', async (request) => {
      await observe(makeMeta(), async () => {
        // What an HTTP instrumentation does for the request to the model API.
        appTracer.startSpan('POST api.openai.com').end()
      })
      request.end()
    })
    await flush()

    const spans = appExporter.getFinishedSpans()
    const byName = (name: string) => spans.find((span) => span.name === name)
    const request = byName('POST /reply')
    const call = byName('chat gpt-4o')
    expect(call?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId)
    expect(byName('POST api.openai.com')?.parentSpanContext?.spanId).toBe(call?.spanContext().spanId)
    expect(names(vigilExporter.getFinishedSpans())).toEqual(['chat gpt-4o'])
  })

  it("nests the app's HTTP spans under a wrapped client's call", async () => {
    const { vigilExporter, appExporter, appTracer } = makeAppSetup(true)
    const llm = await startFakeLlm()
    try {
      const openai = observeOpenAI(
        new OpenAI({
          ...openAiClientOptions(llm),
          // What an HTTP instrumentation does for the request to the model API.
          fetch: (...args: Parameters<typeof fetch>) =>
            appTracer.startActiveSpan('POST /v1/chat/completions', (http) =>
              fetch(...args).finally(() => http.end()),
            ),
        }),
      )
      await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })
    } finally {
      await llm.close()
    }
    await flush()

    const spans = appExporter.getFinishedSpans()
    const call = spans.find((span) => span.name === 'chat gpt-4o')
    const http = spans.find((span) => span.name === 'POST /v1/chat/completions')
    expect(http?.parentSpanContext?.spanId).toBe(call?.spanContext().spanId)
    expect(names(vigilExporter.getFinishedSpans())).toEqual(['chat gpt-4o'])
  })

  it('records fallback chains through the global provider', async () => {
    const { vigilExporter } = makeAppSetup(true)

    await withFallback([{ name: 'primary', run: () => observe(makeMeta(), async () => 'ok') }])
    await flush()

    const spans = vigilExporter.getFinishedSpans()
    expect(names(spans)).toEqual(['chat gpt-4o', 'fallback'])
    const call = spans.find((span) => span.name === 'chat gpt-4o')
    expect(call?.attributes[ATTR_VIGIL_FALLBACK_SERVED]).toBe(true)
  })

  it('warns that serviceName and environment are left to the app', () => {
    const logger = createCaptureLogger()
    createVigilSpanProcessor({ exporter: new InMemorySpanExporter(), logger, serviceName: 'ignored' })
    expect(logger.text('warn')).toContain('not applied by createVigilSpanProcessor()')
  })

  it('falls back to the global provider when tracerProvider is unusable', () => {
    const logger = createCaptureLogger()
    const tracerProvider = 'my provider' as unknown as () => BasicTracerProvider
    createVigilSpanProcessor({ exporter: new InMemorySpanExporter(), logger, tracerProvider })
    expect(logger.text('warn')).toContain('using the global provider')
  })
})
