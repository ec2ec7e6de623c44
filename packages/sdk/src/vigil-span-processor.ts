import { type TracerProvider, trace } from '@opentelemetry/api'
import { NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { install, sdkLogger } from './init.js'
import type { InitOptions } from './init-options.js'

/**
 * Options of {@link createVigilSpanProcessor}: those of `init()`, plus the
 * provider Vigil records through.
 *
 * @example
 * ```ts
 * const options: VigilSpanProcessorOptions = { apiKey: process.env.VIGIL_API_KEY, captureContent: true }
 * ```
 */
export interface VigilSpanProcessorOptions extends InitOptions {
  /**
   * The provider `observe()`, the wrapped clients and `withFallback()` start
   * their spans with. Default: the global one, which `NodeSDK.start()` or
   * `provider.register()` sets, before or after this call. For a provider you
   * do not register globally, pass a function returning it: the provider is
   * built with this processor, so it does not exist yet when you call this.
   */
  tracerProvider?: TracerProvider | (() => TracerProvider)
}

/**
 * Vigil for an app that already has OpenTelemetry: returns a span processor
 * (Vigil's sampling, bounded queue and exporter to the collector) to add to
 * the app's tracer provider, and makes Vigil record through that provider
 * instead of a private one. Use it INSTEAD of `init()`; `flush()`, `shutdown()`
 * and `getStats()` work the same. What changes:
 *
 * - Vigil's spans join the app's traces: an `observe()` call made while the app
 *   handles a traced request is a child of the request span, and (with the
 *   app's context manager, which NodeSDK registers) spans the app's
 *   instrumentations start inside `observe()` or while a wrapped client
 *   (`observeOpenAI`, `observeAnthropic`) sends its request, like the HTTP call
 *   to the model API, are children of the call. The app's own exporters
 *   receive Vigil's spans too.
 * - The processor sends only GenAI spans to Vigil: Vigil's own, and those of
 *   other GenAI instrumentations (with `gen_ai.*` attributes). The app's other
 *   spans are not sent.
 * - Spans carry the app's resource (its `service.name`…); `serviceName` and
 *   `environment` options are not applied (use `withContext({ environment })`
 *   per call). The app's sampler decides first: a span it drops never reaches
 *   Vigil, whatever `sampleRate` says.
 *
 * OpenTelemetry JS 2.x providers take processors only when built
 * (`addSpanProcessor` is gone), hence a processor to pass in rather than an
 * `init({ tracerProvider })` that would attach itself. Never throws; if setup
 * fails (logged), it returns a processor that does nothing.
 *
 * @example
 * ```ts
 * import { NodeSDK } from '@opentelemetry/sdk-node'
 * import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
 * import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
 * import { createVigilSpanProcessor } from '@vigil/sdk'
 *
 * const sdk = new NodeSDK({
 *   serviceName: 'support-bot',
 *   spanProcessors: [
 *     new BatchSpanProcessor(new OTLPTraceExporter()), // the app's existing backend
 *     createVigilSpanProcessor({ apiKey: process.env.VIGIL_API_KEY }),
 *   ],
 * })
 * sdk.start() // registers the provider globally; observe() now records through it
 * ```
 */
export function createVigilSpanProcessor(options: VigilSpanProcessorOptions = {}): SpanProcessor {
  const given: VigilSpanProcessorOptions = typeof options === 'object' && options !== null ? options : {}
  const unusable = given.tracerProvider !== undefined && !isProvider(given.tracerProvider)
  const pipeline = install(options, 'createVigilSpanProcessor()', {
    // The global API returns a proxy that follows whatever provider is registered later.
    tracerProvider: (unusable ? undefined : given.tracerProvider) ?? trace.getTracerProvider(),
  })
  // Reported through the logger install() just set up from these options.
  const logger = sdkLogger()
  if (unusable) {
    logger.warn(
      'createVigilSpanProcessor({ tracerProvider }) is neither a TracerProvider nor a function returning one; ' +
        'using the global provider.',
    )
  }
  if (pipeline !== undefined && (given.serviceName !== undefined || given.environment !== undefined)) {
    logger.warn(
      "serviceName and environment are not applied by createVigilSpanProcessor(): spans carry your provider's resource. " +
        'Set them there, or use withContext({ environment }) per call.',
    )
  }
  return pipeline?.processor ?? new NoopSpanProcessor()
}

function isProvider(value: unknown): value is TracerProvider | (() => TracerProvider) {
  if (typeof value === 'function') return true
  return (
    typeof value === 'object' && value !== null && typeof (value as TracerProvider).getTracer === 'function'
  )
}
