import { type ExportResult, ExportResultCode } from '@opentelemetry/core'
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base'
import { createConsoleLogger, describeError, guardLogger, type VigilLogger } from '../logger.js'
import type { ExporterCounters } from '../stats.js'
import { partialSuccessOf } from './collector-response.js'
import { OtlpHttpTransport } from './otlp-http-transport.js'
import { encodeTraceRequest } from './otlp-trace-encoder.js'
import type { RetryPolicy } from './retry-policy.js'

/**
 * Options of {@link VigilSpanExporter}. Unlike {@link init}, the exporter reads
 * no environment variables: it sends where it is told.
 *
 * @example
 * ```ts
 * const options: VigilSpanExporterOptions = { endpoint: 'https://vigil.example.com', apiKey: 'vk_live_…' }
 * ```
 */
export interface VigilSpanExporterOptions {
  /** Collector base URL; `/v1/traces` is appended unless already there. Default `http://127.0.0.1:4318`. */
  endpoint?: string
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string
  logger?: VigilLogger
  retry?: Partial<RetryPolicy>
}

/** Seams for tests: waiting and randomness without real time. Not part of the public API. */
export interface ExporterInternals {
  sleep?: (millis: number) => Promise<void>
  random?: () => number
}

const TRACES_PATH = '/v1/traces'

/**
 * Sends spans to the Vigil collector as OTLP/HTTP protobuf. Retries only what
 * can succeed later (429, 502, 503, 504, network errors) within a time budget,
 * honouring `Retry-After`; reports each kind of failure once, with what to fix.
 * Usable on its own in an app that has its own OpenTelemetry setup.
 *
 * @example
 * ```ts
 * import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
 * const exporter = new VigilSpanExporter({ endpoint: 'https://vigil.example.com', apiKey: process.env.VIGIL_API_KEY })
 * const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] })
 * ```
 */
export class VigilSpanExporter implements SpanExporter {
  readonly url: URL
  private readonly transport: OtlpHttpTransport
  private readonly logger: VigilLogger
  private spansRejected = 0
  private readonly inFlight = new Set<Promise<void>>()
  private stopped = false

  constructor(options: VigilSpanExporterOptions = {}, internals: ExporterInternals = {}) {
    this.logger = options.logger ?? guardLogger(createConsoleLogger(), false)
    this.transport = new OtlpHttpTransport({
      endpoint: options.endpoint,
      path: TRACES_PATH,
      apiKey: options.apiKey,
      retry: options.retry,
      logger: this.logger,
      sleep: internals.sleep,
      random: internals.random,
    })
    this.url = this.transport.url
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('VigilSpanExporter is shut down') })
      return
    }
    const sending: Promise<void> = this.send(spans)
      .catch((error: unknown) => failed(`unexpected export error: ${describeError(error)}`))
      .then((result) => resultCallback(result))
      .catch((error: unknown) => this.logger.error(`export callback threw: ${describeError(error)}`))
      .finally(() => this.inFlight.delete(sending))
    this.inFlight.add(sending)
  }

  /** Retry and partial-success counters, merged into `getStats()`. */
  getCounters(): Readonly<ExporterCounters> {
    return { exportRetries: this.transport.retries, spansRejected: this.spansRejected }
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.inFlight)
  }

  async shutdown(): Promise<void> {
    this.stopped = true
    await this.forceFlush()
    this.transport.close()
  }

  private async send(spans: ReadableSpan[]): Promise<ExportResult> {
    let body: Uint8Array | undefined
    try {
      body = encodeTraceRequest(spans)
    } catch (error) {
      this.logger.error(
        `Could not encode ${spans.length} span(s) as OTLP; please report this: ${describeError(error)}`,
      )
    }
    if (body === undefined) return failed('the spans could not be encoded as OTLP')
    const result = await this.transport.deliver(body)
    if (result.ok) return this.accepted(spans.length, result.body, result.recovered)
    let message = result.message
    if (result.retryable) {
      message += result.answered
        ? ' The collector (or a proxy before it) is overloaded; check its logs and capacity.'
        : ' Is the collector running? Set VIGIL_ENDPOINT if it runs elsewhere.'
    }
    const level = result.retryable ? 'warn' : 'error'
    this.transport.reportOnce(result.key, level, `${message} ${spans.length} span(s) dropped.`)
    return failed(result.problem)
  }

  private accepted(spanCount: number, body: Buffer, recovered: boolean): ExportResult {
    if (recovered) this.logger.debug(`The collector at ${this.url.href} accepts spans again.`)
    const partial = partialSuccessOf(body)
    if (partial !== undefined) {
      // A partial success is final (OTLP spec): retrying would duplicate the accepted spans.
      this.spansRejected += Math.min(spanCount, partial.rejectedSpans)
      this.logger.warn(
        `The collector rejected ${partial.rejectedSpans} of ${spanCount} spans: ${partial.errorMessage || '(no reason given)'}. They are not retried.`,
      )
    }
    return { code: ExportResultCode.SUCCESS }
  }
}

function failed(message: string): ExportResult {
  return { code: ExportResultCode.FAILED, error: new Error(message) }
}
