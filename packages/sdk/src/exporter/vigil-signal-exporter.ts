import http from 'node:http'
import https from 'node:https'
import { ATTR_SERVICE_NAME } from '../attributes.js'
import { DEFAULT_CONFIG } from '../config.js'
import { createConsoleLogger, describeError, guardLogger, type VigilLogger } from '../logger.js'
import type { SignalRecord, SignalSink } from '../signal-record.js'
import { VIGIL_SDK_VERSION } from '../version.js'
import { describeOutcome, failureHint, header, partialSuccessOf } from './collector-response.js'
import { httpPost, isStaleConnection } from './http-post.js'
import { encodeLogsRequest, type LogsResource } from './otlp-logs-encoder.js'
import {
  backoffMillis,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js'

/**
 * Options of {@link VigilSignalExporter}.
 *
 * @example
 * ```ts
 * const options: VigilSignalExporterOptions = { endpoint: 'https://vigil.example.com', apiKey: 'vk_live_…' }
 * ```
 */
export interface VigilSignalExporterOptions {
  /** Collector base URL; `/v1/logs` is appended unless already there. Default `http://127.0.0.1:4318`. */
  endpoint?: string
  apiKey?: string
  logger?: VigilLogger
  retry?: Partial<RetryPolicy>
  /** Resource and scope of the records (`service.name`…); `init()` passes its own. */
  resource?: LogsResource
}

const LOGS_PATH = '/v1/logs'

/**
 * Sends signals to the collector as OTLP/HTTP protobuf log records
 * (`POST /v1/logs`), with the span exporter's retry rules: only 429, 502, 503,
 * 504 and network errors are retried, within a time budget, honouring
 * `Retry-After`. A re-sent batch is counted once by the collector (each record
 * carries its idempotency key). The default {@link SignalSink} of `init()`.
 *
 * @example
 * ```ts
 * init({ signalSink: new VigilSignalExporter({ endpoint: 'https://vigil.example.com', apiKey: process.env.VIGIL_API_KEY }) })
 * ```
 */
export class VigilSignalExporter implements SignalSink {
  readonly url: URL
  private readonly headers: http.OutgoingHttpHeaders
  private readonly agent: http.Agent
  private readonly policy: RetryPolicy
  private readonly logger: VigilLogger
  private readonly resource: LogsResource
  private readonly reported = new Set<string>()

  constructor(options: VigilSignalExporterOptions = {}) {
    this.logger = options.logger ?? guardLogger(createConsoleLogger(), false)
    this.url = logsUrl(options.endpoint, this.logger)
    this.headers = {
      'Content-Type': 'application/x-protobuf',
      'User-Agent': `vigil-sdk-node/${VIGIL_SDK_VERSION}`,
      ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}),
    }
    this.agent =
      this.url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true })
        : new http.Agent({ keepAlive: true })
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.resource = options.resource ?? {
      attributes: { [ATTR_SERVICE_NAME]: DEFAULT_CONFIG.serviceName },
      scopeName: 'vigil',
      scopeVersion: VIGIL_SDK_VERSION,
    }
  }

  async export(records: readonly SignalRecord[]): Promise<boolean> {
    let body: Uint8Array
    try {
      body = encodeLogsRequest(records, this.resource)
    } catch (error) {
      this.logger.error(
        `Could not encode ${records.length} signal(s) as OTLP; please report this: ${describeError(error)}`,
      )
      return false
    }
    const deadline = Date.now() + this.policy.budgetMillis
    for (let attempt = 1; ; attempt++) {
      const outcome = await httpPost(
        this.url,
        body,
        this.headers,
        Math.max(1, deadline - Date.now()),
        this.agent,
      )
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        this.reported.clear()
        const partial = partialSuccessOf(outcome.body)
        if (partial !== undefined) {
          this.logger.warn(
            `The collector rejected ${partial.rejectedSpans} of ${records.length} signal(s): ${partial.errorMessage || '(no reason given)'}.`,
          )
        }
        return true
      }
      const problem = describeOutcome(outcome, this.url)
      if (outcome.kind === 'response' && !isRetryableStatus(outcome.status)) {
        this.report(`status:${outcome.status}`, `${problem}. ${failureHint(outcome.status)}`, records.length)
        return false
      }
      const retryAfter =
        outcome.kind === 'response' ? parseRetryAfter(header(outcome, 'retry-after'), Date.now()) : undefined
      const wait = isStaleConnection(outcome)
        ? 0
        : (retryAfter ?? backoffMillis(attempt, this.policy, Math.random))
      if (attempt >= this.policy.maxAttempts || Date.now() + wait >= deadline) {
        this.report(
          outcome.kind === 'response' ? `status:${outcome.status}` : 'network',
          `${problem}; gave up after ${attempt} attempt(s).`,
          records.length,
        )
        return false
      }
      this.logger.debug(`${problem}; retrying in ${Math.round(wait)} ms (attempt ${attempt + 1})`)
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    }
  }

  async shutdown(): Promise<void> {
    this.agent.destroy()
  }

  /** Each kind of failure once at warn level until a send succeeds, then at debug level. */
  private report(key: string, message: string, count: number): void {
    const line = `${message} ${count} signal(s) dropped.`
    if (this.reported.has(key)) {
      this.logger.debug(line)
      return
    }
    this.reported.add(key)
    this.logger.warn(`${line} Repeats are logged at debug level until an export succeeds.`)
  }
}

function logsUrl(endpoint: string | undefined, logger: VigilLogger): URL {
  let base = endpoint ?? DEFAULT_CONFIG.endpoint
  if (!URL.canParse(base) || !/^https?:$/.test(new URL(base).protocol)) {
    logger.warn(`endpoint ${JSON.stringify(base)} is not an http(s) URL; using ${DEFAULT_CONFIG.endpoint}.`)
    base = DEFAULT_CONFIG.endpoint
  }
  const url = new URL(base)
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = path.endsWith(LOGS_PATH) ? path : `${path}${LOGS_PATH}`
  return url
}
