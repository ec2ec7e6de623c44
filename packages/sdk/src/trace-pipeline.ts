import type { Context, Span, SpanOptions, Tracer, TracerProvider } from '@opentelemetry/api'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_NAME,
  ATTR_TELEMETRY_SDK_LANGUAGE,
  ATTR_TELEMETRY_SDK_NAME,
  ATTR_TELEMETRY_SDK_VERSION,
} from './attributes.js'
import type { ResolvedConfig } from './config.js'
import { ContentCapture } from './content-capture.js'
import { parentContext } from './context.js'
import type { BatchQueueSettings } from './exporter/batch-queue.js'
import { ExportQueue } from './exporter/export-queue.js'
import type { LogsResource } from './exporter/otlp-logs-encoder.js'
import { VigilSpanExporter } from './exporter/vigil-span-exporter.js'
import { GenAiSpanFilter, VIGIL_TRACER_NAME } from './gen-ai-span-filter.js'
import type { VigilLogger } from './logger.js'
import { SamplingProcessor } from './sampling-processor.js'
import { SignalQueue } from './signal-queue.js'
import type { SignalSink } from './signal-record.js'
import { SignalRecorder } from './signal-recorder.js'
import { StatsCounters, type VigilStats } from './stats.js'
import { VIGIL_SDK_VERSION } from './version.js'

export interface PipelineOptions {
  /**
   * Record through the app's provider instead of a private one (see
   * `createVigilSpanProcessor`); a function is called at each span start, so
   * the provider may be created after the pipeline.
   */
  tracerProvider?: TracerProvider | (() => TracerProvider)
  /** The app's redactor for captured content. */
  redact?: unknown
  /** Where signals go; without one, signals are dropped (and counted). */
  signalSink?: SignalSink
}

/** The resource Vigil's own spans and signals carry: the app and the SDK. */
export function vigilResource(config: ResolvedConfig): LogsResource {
  return {
    attributes: {
      [ATTR_SERVICE_NAME]: config.serviceName,
      [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: config.environment,
      [ATTR_TELEMETRY_SDK_NAME]: 'vigil',
      [ATTR_TELEMETRY_SDK_VERSION]: VIGIL_SDK_VERSION,
      [ATTR_TELEMETRY_SDK_LANGUAGE]: 'nodejs',
    },
    scopeName: VIGIL_TRACER_NAME,
    scopeVersion: VIGIL_SDK_VERSION,
  }
}

/**
 * Everything one `init()` sets up: a tracer, then sampling, the bounded export
 * queue and the exporter, plus content capture, and the signals' recorder and
 * queue (never sampled: each is a person's or the business's word).
 *
 * By default the tracer comes from a private provider that is deliberately NOT
 * registered with the global OpenTelemetry API: an app with its own
 * OpenTelemetry setup keeps it untouched, and Vigil's spans never leak into the
 * app's exporters (nor theirs into Vigil). Attached (`tracerProvider` given),
 * Vigil records through the app's provider instead, and {@link processor} is
 * what the app adds to that provider.
 */
export class TracePipeline {
  readonly stats = new StatsCounters()
  readonly content: ContentCapture
  /** The span processor chain: sampling, then the queue (after a GenAI filter when attached). */
  readonly processor: SpanProcessor
  readonly attached: boolean
  /** `recordFeedback()` and the other `record…()` functions of this setup. */
  readonly signals: SignalRecorder
  private readonly provider: BasicTracerProvider | undefined
  /** The private provider's tracer, looked up once; an app's provider is asked at each span start. */
  private readonly ownTracer: Tracer | undefined
  private readonly tracerProvider: PipelineOptions['tracerProvider']
  private readonly queue: ExportQueue
  private readonly signalQueue: SignalQueue

  constructor(
    config: ResolvedConfig,
    private readonly exporter: SpanExporter,
    readonly logger: VigilLogger,
    options: PipelineOptions = {},
  ) {
    // Spans and signals queue with the same settings, and count into the same stats.
    const queueSettings: BatchQueueSettings = {
      stats: this.stats,
      logger,
      maxQueueSize: config.maxQueueSize,
      maxExportBatchSize: config.maxExportBatchSize,
      scheduledDelayMillis: config.scheduledDelayMillis,
      exportTimeoutMillis: config.exportTimeoutMillis,
    }
    this.queue = new ExportQueue({ ...queueSettings, exporter })
    this.content = new ContentCapture({
      enabled: config.captureContent,
      redact: options.redact,
      maxLength: config.maxContentLength,
      logger,
    })
    this.signalQueue = new SignalQueue({
      ...queueSettings,
      sink: options.signalSink ?? { export: async () => false },
    })
    this.signals = new SignalRecorder(this.signalQueue, this.stats, this.content, logger)
    const sampling = new SamplingProcessor(this.queue, config.sampleRate, this.stats)
    this.tracerProvider = options.tracerProvider
    this.attached = options.tracerProvider !== undefined
    // Attached, the processor sees every span of the app: only GenAI ones go to Vigil.
    this.processor = this.attached ? new GenAiSpanFilter(sampling, this.stats) : sampling
    this.provider = this.attached
      ? undefined
      : new BasicTracerProvider({
          resource: resourceFromAttributes(vigilResource(config).attributes),
          // Explicit, so neither OTEL_TRACES_SAMPLER nor an unsampled parent span of the
          // app's own tracing can silence Vigil; Vigil samples with sampleRate instead.
          sampler: new AlwaysOnSampler(),
          spanProcessors: [this.processor],
        })
    this.ownTracer = this.provider?.getTracer(VIGIL_TRACER_NAME, VIGIL_SDK_VERSION)
  }

  /** Vigil's tracer: from the private provider, or from the app's when attached. */
  get tracer(): Tracer {
    if (this.ownTracer !== undefined) return this.ownTracer
    const provider =
      typeof this.tracerProvider === 'function'
        ? this.tracerProvider()
        : (this.tracerProvider ?? this.provider)
    if (provider === undefined) throw new Error('no tracer provider')
    return provider.getTracer(VIGIL_TRACER_NAME, VIGIL_SDK_VERSION)
  }

  /** Starts a span under `parent`, by default the right one (see `parentContext`), and counts it. May throw; callers guard. */
  startSpan(name: string, options: SpanOptions, parent?: Context): Span {
    const context = parent ?? parentContext(this.attached)
    let span: Span
    if (this.ownTracer !== undefined && options.attributes !== undefined) {
      // The private provider samples everything, so its sampler need not see the attributes: set
      // once on the span, rather than also copied and checked twice for the sampler as startSpan does.
      const { kind, links, startTime, root } = options
      span = this.ownTracer.startSpan(name, { kind, links, startTime, root }, context)
      span.setAttributes(options.attributes)
    } else {
      span = this.tracer.startSpan(name, options, context)
    }
    this.stats.spansStarted++
    return span
  }

  /** Spans and signals waiting in their queues, not yet handed to an exporter. */
  get queueLength(): number {
    return this.queue.length + this.signalQueue.length
  }

  /** True when every span and signal recorded so far was acknowledged by the collector. */
  async flush(): Promise<boolean> {
    const [spans, signals] = await Promise.all([this.queue.flush(), this.signalQueue.flush()])
    return spans && signals
  }

  /** Flushes, then stops; spans ending afterwards are dropped. An app's provider is left to the app. */
  async shutdown(): Promise<boolean> {
    const [spansOk, signalsOk] = await Promise.all([this.queue.close(), this.signalQueue.close()])
    const ok = spansOk && signalsOk
    try {
      await this.provider?.shutdown()
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
