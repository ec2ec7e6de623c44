import { InMemorySpanExporter as OtelInMemorySpanExporter } from '@opentelemetry/sdk-trace-base'

/**
 * Keeps exported spans in memory instead of sending them: for tests of code
 * that uses `observe()`, via `init({ exporter })`. It is OpenTelemetry's
 * in-memory exporter with one difference: shutting it down keeps the spans it
 * already holds (OpenTelemetry's clears them), so a test can read them after
 * `shutdown()`. `init()` owns the exporter it is given and a shut-down one
 * stores nothing more, so give each `init()` a fresh one.
 *
 * @example
 * ```ts
 * const exporter = new InMemorySpanExporter()
 * init({ exporter })
 * await observe({ provider: 'openai', model: 'gpt-4o' }, async () => 'hi')
 * await shutdown()
 * expect(exporter.getFinishedSpans()[0]?.name).toBe('chat gpt-4o')
 * ```
 */
export class InMemorySpanExporter extends OtelInMemorySpanExporter {
  override async shutdown(): Promise<void> {
    this._stopped = true
  }
}
