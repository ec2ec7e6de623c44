import { ATTR_SERVICE_NAME } from '../attributes.js'
import { DEFAULT_CONFIG } from '../config.js'
import { createConsoleLogger, describeError, guardLogger, type VigilLogger } from '../logger.js'
import type { SignalRecord, SignalSink } from '../signal-record.js'
import { VIGIL_SDK_VERSION } from '../version.js'
import { partialSuccessOf } from './collector-response.js'
import { OtlpHttpTransport } from './otlp-http-transport.js'
import { encodeLogsRequest, type LogsResource } from './otlp-logs-encoder.js'
import type { RetryPolicy } from './retry-policy.js'

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
  private readonly transport: OtlpHttpTransport
  private readonly logger: VigilLogger
  private readonly resource: LogsResource

  constructor(options: VigilSignalExporterOptions = {}) {
    this.logger = options.logger ?? guardLogger(createConsoleLogger(), false)
    this.transport = new OtlpHttpTransport({
      endpoint: options.endpoint,
      path: LOGS_PATH,
      apiKey: options.apiKey,
      retry: options.retry,
      logger: this.logger,
    })
    this.url = this.transport.url
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
    const result = await this.transport.deliver(body)
    if (!result.ok) {
      this.transport.reportOnce(result.key, 'warn', `${result.message} ${records.length} signal(s) dropped.`)
      return false
    }
    const partial = partialSuccessOf(result.body)
    if (partial !== undefined) {
      this.logger.warn(
        `The collector rejected ${partial.rejectedSpans} of ${records.length} signal(s): ${partial.errorMessage || '(no reason given)'}.`,
      )
    }
    return true
  }

  async shutdown(): Promise<void> {
    this.transport.close()
  }
}
