import http from 'node:http'
import https from 'node:https'
import { type ExportResult, ExportResultCode } from '@opentelemetry/core'
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base'
import { DEFAULT_CONFIG } from '../config.js'
import { createConsoleLogger, describeError, guardLogger, type VigilLogger } from '../logger.js'
import type { ExporterCounters } from '../stats.js'
import { VIGIL_SDK_VERSION } from '../version.js'
import { describeOutcome, failureHint, header, partialSuccessOf } from './collector-response.js'
import { httpPost, isStaleConnection } from './http-post.js'
import { encodeTraceRequest } from './otlp-trace-encoder.js'
import {
  backoffMillis,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js'

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
  private readonly headers: http.OutgoingHttpHeaders
  private readonly agent: http.Agent
  private readonly policy: RetryPolicy
  private readonly logger: VigilLogger
  private readonly sleep: (millis: number) => Promise<void>
  private readonly random: () => number
  private readonly counters: ExporterCounters = { exportRetries: 0, spansRejected: 0 }
  private readonly inFlight = new Set<Promise<void>>()
  // Failure kinds already logged at warn/error level; cleared by a success so a
  // recurring problem is reported again, but a persistent one does not flood the logs.
  private readonly reported = new Set<string>()
  private stopped = false

  constructor(options: VigilSpanExporterOptions = {}, internals: ExporterInternals = {}) {
    this.logger = options.logger ?? guardLogger(createConsoleLogger(), false)
    this.url = tracesUrl(options.endpoint, this.logger)
    this.headers = {
      'Content-Type': 'application/x-protobuf',
      'User-Agent': `vigil-sdk-node/${VIGIL_SDK_VERSION}`,
      ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}),
    }
    // Keep-alive spares a TLS handshake per batch; idle sockets are unref'd by Node, so they never hold the process open.
    const agentOptions = { keepAlive: true }
    this.agent = this.url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions)
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.sleep = internals.sleep ?? ((millis) => new Promise((resolve) => setTimeout(resolve, millis)))
    this.random = internals.random ?? Math.random
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
    return { ...this.counters }
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.inFlight)
  }

  async shutdown(): Promise<void> {
    this.stopped = true
    await this.forceFlush()
    this.agent.destroy()
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
    const deadline = Date.now() + this.policy.budgetMillis
    for (let attempt = 1; ; attempt++) {
      const timeout = Math.max(1, deadline - Date.now())
      const outcome = await httpPost(this.url, body, this.headers, timeout, this.agent)
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        return this.accepted(spans.length, outcome.body)
      }
      const problem = describeOutcome(outcome, this.url)
      if (outcome.kind === 'response' && !isRetryableStatus(outcome.status)) {
        this.report(`status:${outcome.status}`, 'error', `${problem}. ${failureHint(outcome.status)}`, spans)
        return failed(problem)
      }
      const retryAfter =
        outcome.kind === 'response' ? parseRetryAfter(header(outcome, 'retry-after'), Date.now()) : undefined
      // A dead kept-alive connection says nothing about the collector: try a new one at once.
      const wait = isStaleConnection(outcome)
        ? 0
        : (retryAfter ?? backoffMillis(attempt, this.policy, this.random))
      if (attempt >= this.policy.maxAttempts || Date.now() + wait >= deadline) {
        const key = outcome.kind === 'response' ? `status:${outcome.status}` : 'network'
        const hint =
          outcome.kind === 'response'
            ? 'The collector (or a proxy before it) is overloaded; check its logs and capacity.'
            : 'Is the collector running? Set VIGIL_ENDPOINT if it runs elsewhere.'
        this.report(key, 'warn', `${problem}; gave up after ${attempt} attempt(s). ${hint}`, spans)
        return failed(problem)
      }
      this.counters.exportRetries++
      this.logger.debug(`${problem}; retrying in ${Math.round(wait)} ms (attempt ${attempt + 1})`)
      if (wait > 0) await this.sleep(wait)
    }
  }

  private accepted(spanCount: number, body: Buffer): ExportResult {
    if (this.reported.size > 0) this.logger.debug(`The collector at ${this.url.href} accepts spans again.`)
    this.reported.clear()
    const partial = partialSuccessOf(body)
    if (partial !== undefined) {
      // A partial success is final (OTLP spec): retrying would duplicate the accepted spans.
      this.counters.spansRejected += Math.min(spanCount, partial.rejectedSpans)
      this.logger.warn(
        `The collector rejected ${partial.rejectedSpans} of ${spanCount} spans: ${partial.errorMessage || '(no reason given)'}. They are not retried.`,
      )
    }
    return { code: ExportResultCode.SUCCESS }
  }

  private report(key: string, level: 'warn' | 'error', message: string, spans: ReadableSpan[]): void {
    const line = `${message} ${spans.length} span(s) dropped.`
    if (this.reported.has(key)) {
      this.logger.debug(line)
      return
    }
    this.reported.add(key)
    this.logger[level](`${line} Repeats are logged at debug level until an export succeeds.`)
  }
}

function failed(message: string): ExportResult {
  return { code: ExportResultCode.FAILED, error: new Error(message) }
}

function tracesUrl(endpoint: string | undefined, logger: VigilLogger): URL {
  let base = endpoint ?? DEFAULT_CONFIG.endpoint
  if (!URL.canParse(base) || !/^https?:$/.test(new URL(base).protocol)) {
    logger.warn(`endpoint ${JSON.stringify(base)} is not an http(s) URL; using ${DEFAULT_CONFIG.endpoint}.`)
    base = DEFAULT_CONFIG.endpoint
  }
  const url = new URL(base)
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = path.endsWith(TRACES_PATH) ? path : `${path}${TRACES_PATH}`
  return url
}
