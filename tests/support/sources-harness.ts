import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node'
import { type RunningCollector, startCollector } from '@vigil/collector'
import { FakeLlmServer, withOpenAiRoutes } from '@vigil/fake-llm'
import { expect } from 'vitest'

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
  collector: RunningCollector
  llm: FakeLlmServer
  /** A provider exporting every span at its end (SimpleSpanProcessor) to the collector. */
  tracerProvider(encoding: OtlpEncoding, resource?: Record<string, string>): NodeTracerProvider
  summary(query: Record<string, string>): Promise<Summary>
  close(): Promise<void>
}

const KEY = 'sources-e2e-key-0123456789'

export async function startSourcesHarness(name: string): Promise<SourcesHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), `vigil-${name}-`))
  const collector = await startCollector({
    port: 0,
    dataDir,
    apiKey: KEY,
    logLevel: 'silent',
    writer: { lingerMs: 10 },
  })
  const llm = withOpenAiRoutes(new FakeLlmServer())
  await llm.listen()
  const providers: NodeTracerProvider[] = []
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
      const url = new URL('/api/v1/metrics/summary', collector.url)
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v)
      const response = await fetch(url, { headers: { authorization: `Bearer ${KEY}` } })
      expect(response.status).toBe(200)
      return (await response.json()) as Summary
    },
    async close() {
      await Promise.all(providers.map((p) => p.shutdown()))
      await llm.close()
      await collector.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** gpt-4o-mini list prices, USD per token: $0.15/M input, $0.075/M cached input, $0.60/M output. */
export const gpt4oMini = { input: 0.15e-6, cachedInput: 0.075e-6, output: 0.6e-6 }
