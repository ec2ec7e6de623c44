import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node'
import { FakeLlmServer, withOpenAiRoutes } from '@vigil/fake-llm'
import { afterAll, beforeAll, expect } from 'vitest'
import { type TestCollector, useTestCollector } from '../../packages/collector/src/testing/test-collector.js'

/**
 * What the `sources-*` tests share: a real collector, the fake OpenAI API,
 * and tracer providers exporting over real OTLP exporters, protobuf or JSON,
 * as an app instrumented by another library would.
 */

export type OtlpEncoding = 'protobuf' | 'json'
export const encodings: OtlpEncoding[] = ['protobuf', 'json']

export interface Summary {
  calls: number
  errors: number
  costUsd: number
  costUnknownCalls: number
  tokens: { input: number; output: number }
}

export interface SourcesHarness {
  collector: TestCollector
  llm: FakeLlmServer
  /** A provider exporting every span at its end (SimpleSpanProcessor) to the collector. */
  tracerProvider(encoding: OtlpEncoding, resource?: Record<string, string>): NodeTracerProvider
  summary(query: Record<string, string>): Promise<Summary>
}

const KEY = 'sources-e2e-key-0123456789'

/**
 * Starts the collector and the fake API before the file's tests and stops
 * them, with every provider made, after them. Hooks the caller registers
 * afterwards run after the start and before the stop.
 */
export function useSourcesHarness(name: string): SourcesHarness {
  const collector = useTestCollector({ name, apiKey: KEY, writer: { lingerMs: 10 } })
  const llm = withOpenAiRoutes(new FakeLlmServer())
  const providers: NodeTracerProvider[] = []

  beforeAll(async () => {
    await llm.listen()
  })

  afterAll(async () => {
    await Promise.all(providers.map((p) => p.shutdown()))
    await llm.close()
  })

  return {
    collector,
    llm,
    tracerProvider(encoding, resource = {}) {
      const options = { url: `${collector.url}/v1/traces`, headers: { authorization: `Bearer ${KEY}` } }
      const exporter =
        encoding === 'protobuf' ? new ProtobufTraceExporter(options) : new JsonTraceExporter(options)
      const provider = new NodeTracerProvider({
        resource: resourceFromAttributes({ 'service.name': `${name}-${encoding}`, ...resource }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      })
      // The first provider also installs Node's context manager, so spans nest (outer span → call).
      if (providers.length === 0) provider.register()
      providers.push(provider)
      return provider
    },
    async summary(query) {
      const response = await collector.get(`/api/v1/metrics/summary?${new URLSearchParams(query)}`, KEY)
      expect(response.status).toBe(200)
      return response.body as Summary
    },
  }
}

/** gpt-4o-mini list prices, USD per token: $0.15/M input, $0.075/M cached input, $0.60/M output. */
export const gpt4oMini = { input: 0.15e-6, cachedInput: 0.075e-6, output: 0.6e-6 }
