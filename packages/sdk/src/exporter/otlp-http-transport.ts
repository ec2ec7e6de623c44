import http from 'node:http'
import https from 'node:https'
import { DEFAULT_CONFIG } from '../config.js'
import type { VigilLogger } from '../logger.js'
import { VIGIL_SDK_VERSION } from '../version.js'
import { describeOutcome, failureHint, header } from './collector-response.js'
import { httpPost, isStaleConnection } from './http-post.js'
import {
  backoffMillis,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js'

export interface OtlpHttpTransportOptions {
  /** Collector base URL; `path` is appended unless already there. Default `http://127.0.0.1:4318`. */
  endpoint: string | undefined
  /** The OTLP signal path: `/v1/traces` or `/v1/logs`. */
  path: string
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string | undefined
  retry: Partial<RetryPolicy> | undefined
  logger: VigilLogger
  /** Seams for tests: waiting and randomness without real time. */
  sleep?: (millis: number) => Promise<void>
  random?: () => number
}

/** How one delivery ended, after retries. */
export type DeliveryResult =
  | {
      ok: true
      /** The collector's answer (it may carry an OTLP partial success). */
      body: Buffer
      /** A failure had been reported since the last success. */
      recovered: boolean
    }
  | {
      ok: false
      /** The kind of failure (`status:503`, `network`), for reporting each kind once. */
      key: string
      /** What went wrong, for an `Error`. */
      problem: string
      /** What went wrong and what gave up, for the log: `problem. hint` or `problem; gave up after n attempt(s).` */
      message: string
      /** False when the collector refused the body for good (a status not worth retrying). */
      retryable: boolean
      /** The last attempt got an HTTP answer, rather than a network error. */
      answered: boolean
    }

/**
 * The OTLP/HTTP send path both exporters share: one body POSTed to one
 * collector path over a kept-alive connection, retrying only what can succeed
 * later (429, 502, 503, 504, network errors) within a time budget, honouring
 * `Retry-After`, and re-sending at once when a kept-alive socket turns out to
 * have been closed by the server. The exporters decide what a result means
 * for their spans or signals; {@link reportOnce} keeps their logs quiet.
 */
export class OtlpHttpTransport {
  readonly url: URL
  /** HTTP attempts repeated because the collector was busy or unreachable. */
  retries = 0
  private readonly headers: http.OutgoingHttpHeaders
  private readonly agent: http.Agent
  private readonly policy: RetryPolicy
  private readonly logger: VigilLogger
  private readonly sleep: (millis: number) => Promise<void>
  private readonly random: () => number
  // Failure kinds already logged at warn/error level; cleared by a success so a
  // recurring problem is reported again, but a persistent one does not flood the logs.
  private readonly reported = new Set<string>()

  constructor(options: OtlpHttpTransportOptions) {
    this.logger = options.logger
    this.url = collectorUrl(options.endpoint, options.path, this.logger)
    this.headers = {
      'Content-Type': 'application/x-protobuf',
      'User-Agent': `vigil-sdk-node/${VIGIL_SDK_VERSION}`,
      ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}),
    }
    // Keep-alive spares a TLS handshake per batch; idle sockets are unref'd by Node, so they never hold the process open.
    const agentOptions = { keepAlive: true }
    this.agent = this.url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions)
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.sleep = options.sleep ?? ((millis) => new Promise((resolve) => setTimeout(resolve, millis)))
    this.random = options.random ?? Math.random
  }

  /** POSTs `body`, retrying as the policy allows. Never rejects. */
  async deliver(body: Uint8Array): Promise<DeliveryResult> {
    const deadline = Date.now() + this.policy.budgetMillis
    for (let attempt = 1; ; attempt++) {
      const timeout = Math.max(1, deadline - Date.now())
      const outcome = await httpPost(this.url, body, this.headers, timeout, this.agent)
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        const recovered = this.reported.size > 0
        this.reported.clear()
        return { ok: true, body: outcome.body, recovered }
      }
      const problem = describeOutcome(outcome, this.url)
      if (outcome.kind === 'response' && !isRetryableStatus(outcome.status)) {
        const message = `${problem}. ${failureHint(outcome.status)}`
        return {
          ok: false,
          key: `status:${outcome.status}`,
          problem,
          message,
          retryable: false,
          answered: true,
        }
      }
      const retryAfter =
        outcome.kind === 'response' ? parseRetryAfter(header(outcome, 'retry-after'), Date.now()) : undefined
      // A dead kept-alive connection says nothing about the collector: try a new one at once.
      const wait = isStaleConnection(outcome)
        ? 0
        : (retryAfter ?? backoffMillis(attempt, this.policy, this.random))
      if (attempt >= this.policy.maxAttempts || Date.now() + wait >= deadline) {
        const answered = outcome.kind === 'response'
        return {
          ok: false,
          key: answered ? `status:${outcome.status}` : 'network',
          problem,
          message: `${problem}; gave up after ${attempt} attempt(s).`,
          retryable: true,
          answered,
        }
      }
      this.retries++
      this.logger.debug(`${problem}; retrying in ${Math.round(wait)} ms (attempt ${attempt + 1})`)
      if (wait > 0) await this.sleep(wait)
    }
  }

  /** Logs `line` at `level` the first time a kind of failure occurs after a success, then at debug level. */
  reportOnce(key: string, level: 'warn' | 'error', line: string): void {
    if (this.reported.has(key)) {
      this.logger.debug(line)
      return
    }
    this.reported.add(key)
    this.logger[level](`${line} Repeats are logged at debug level until an export succeeds.`)
  }

  close(): void {
    this.agent.destroy()
  }
}

function collectorUrl(endpoint: string | undefined, signalPath: string, logger: VigilLogger): URL {
  let base = endpoint ?? DEFAULT_CONFIG.endpoint
  if (!URL.canParse(base) || !/^https?:$/.test(new URL(base).protocol)) {
    logger.warn(`endpoint ${JSON.stringify(base)} is not an http(s) URL; using ${DEFAULT_CONFIG.endpoint}.`)
    base = DEFAULT_CONFIG.endpoint
  }
  const url = new URL(base)
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = path.endsWith(signalPath) ? path : `${path}${signalPath}`
  return url
}
