import type { Tracer } from '@opentelemetry/api'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { AlwaysOnSampler, BasicTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-base'
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_NAME,
  ATTR_TELEMETRY_SDK_LANGUAGE,
  ATTR_TELEMETRY_SDK_NAME,
  ATTR_TELEMETRY_SDK_VERSION,
} from './attributes.js'
import type { ResolvedConfig } from './config.js'
import { ExportQueue } from './exporter/export-queue.js'
import { VigilSpanExporter } from './exporter/vigil-span-exporter.js'
import type { VigilLogger } from './logger.js'
import { SamplingProcessor } from './sampling-processor.js'
import { StatsCounters, type VigilStats } from './stats.js'
import { VIGIL_SDK_VERSION } from './version.js'

/**
 * Everything one `init()` sets up: a tracer on a private provider, then
 * sampling, the bounded export queue and the exporter.
 *
 * The provider is deliberately NOT registered with the global OpenTelemetry
 * API: an app with its own OpenTelemetry setup keeps it untouched, and Vigil's
 * spans never leak into the app's exporters (nor theirs into Vigil).
 */
export class TracePipeline {
  readonly tracer: Tracer
  readonly stats = new StatsCounters()
  private readonly provider: BasicTracerProvider
  private readonly queue: ExportQueue

  constructor(
    config: ResolvedConfig,
    private readonly exporter: SpanExporter,
    readonly logger: VigilLogger,
  ) {
    this.queue = new ExportQueue({
      exporter,
      stats: this.stats,
      logger,
      maxQueueSize: config.maxQueueSize,
      maxExportBatchSize: config.maxExportBatchSize,
      scheduledDelayMillis: config.scheduledDelayMillis,
      exportTimeoutMillis: config.exportTimeoutMillis,
    })
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({
        [ATTR_SERVICE_NAME]: config.serviceName,
        [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: config.environment,
        [ATTR_TELEMETRY_SDK_NAME]: 'vigil',
        [ATTR_TELEMETRY_SDK_VERSION]: VIGIL_SDK_VERSION,
        [ATTR_TELEMETRY_SDK_LANGUAGE]: 'nodejs',
      }),
      // Explicit, so neither OTEL_TRACES_SAMPLER nor an unsampled parent span of the
      // app's own tracing can silence Vigil; Vigil samples with sampleRate instead.
      sampler: new AlwaysOnSampler(),
      spanProcessors: [new SamplingProcessor(this.queue, config.sampleRate, this.stats)],
    })
    this.tracer = this.provider.getTracer('@vigil/sdk', VIGIL_SDK_VERSION)
  }

  /** True when every span recorded so far was acknowledged by the collector. */
  flush(): Promise<boolean> {
    return this.queue.flush()
  }

  /** Flushes, then stops; spans ending afterwards are dropped. */
  async shutdown(): Promise<boolean> {
    const ok = await this.queue.close()
    try {
      await this.provider.shutdown()
    } catch {
      // The queue, the only processor with work to do, has already finished above.
    }
    return ok
  }

  getStats(): VigilStats {
    const exporterCounters =
      this.exporter instanceof VigilSpanExporter ? this.exporter.getCounters() : undefined
    return this.stats.snapshot(this.queue.length, exporterCounters)
  }
}
