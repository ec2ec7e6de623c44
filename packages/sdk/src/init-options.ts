import type { SpanExporter } from '@opentelemetry/sdk-trace-base'
import type { VigilLogger } from './logger.js'
import type { SignalSink } from './signal-record.js'

/**
 * Options for {@link init}. Each one resolves as: the explicit option, else its
 * `VIGIL_*` environment variable, else the default. An invalid value is
 * reported through the logger and skipped; `init()` never throws.
 *
 * @example
 * ```ts
 * init({ serviceName: 'support-bot', environment: 'production', sampleRate: 0.25 })
 * ```
 */
export interface InitOptions {
  /** Collector base URL (`/v1/traces` is appended). Env `VIGIL_ENDPOINT`; default `http://127.0.0.1:4318`. */
  endpoint?: string
  /** Sent as `Authorization: Bearer <apiKey>`. Env `VIGIL_API_KEY`; default none. */
  apiKey?: string
  /** Env `VIGIL_SERVICE_NAME`, then `OTEL_SERVICE_NAME`; default `unknown_service`. */
  serviceName?: string
  /** Env `VIGIL_ENVIRONMENT`; default `development`. */
  environment?: string
  /** Log SDK debug lines. Env `VIGIL_DEBUG` (`true`/`false`, `1`/`0`); default false. */
  debug?: boolean
  /** Spans buffered before new ones are dropped (and counted). Env `VIGIL_MAX_QUEUE_SIZE`; default 2048. */
  maxQueueSize?: number
  /** Spans per export request. Env `VIGIL_MAX_EXPORT_BATCH_SIZE`; default 512. */
  maxExportBatchSize?: number
  /** Longest wait before a partial batch is sent. Env `VIGIL_SCHEDULED_DELAY_MILLIS`; default 5000. */
  scheduledDelayMillis?: number
  /**
   * Longest time one batch may take, retries included; the collector exporter
   * also caps its retries at 10 s. Env `VIGIL_EXPORT_TIMEOUT_MILLIS`; default 30000.
   */
  exportTimeoutMillis?: number
  /** Fraction of successful calls kept, 0..1; failed calls are always kept. Env `VIGIL_SAMPLE_RATE`; default 1. */
  sampleRate?: number
  /**
   * Export somewhere else than the collector, e.g. an {@link InMemorySpanExporter}
   * in tests. The SDK owns it from then on: `shutdown()` or a later `init()` shuts it down.
   */
  exporter?: SpanExporter
  /**
   * Where `recordFeedback()` and the other signals go: by default the collector at
   * `endpoint` (`/v1/logs`), also when `exporter` is set; an {@link InMemorySignalSink}
   * in tests. The SDK owns it from then on, like `exporter`.
   */
  signalSink?: SignalSink
  /** Where SDK problems are reported; default the console with a `[vigil]` prefix. */
  logger?: VigilLogger
  /**
   * Record prompts and completions (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * `gen_ai.system_instructions`). Off by default because they hold user data. When on,
   * every text is redacted before it is kept: first Vigil's built-in patterns
   * ({@link redactText}: e-mail, phone, card, IBAN, API keys and tokens), then {@link redact}.
   * Env `VIGIL_CAPTURE_CONTENT`; default false.
   */
  captureContent?: boolean
  /**
   * Your own redaction, run on every text after the built-in one, e.g. to remove
   * customer numbers. If it throws or returns something other than a string, the text
   * is replaced by `[redaction failed]`: raw text is never sent.
   */
  redact?: (text: string) => string
  /**
   * Longest JSON kept per content attribute, in characters; longer texts are cut
   * (longest first) and marked `…[truncated]`. Env `VIGIL_MAX_CONTENT_LENGTH`; default 32768.
   */
  maxContentLength?: number
}
