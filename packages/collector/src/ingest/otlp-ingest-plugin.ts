import type { FastifyPluginAsync } from 'fastify'
import { principalOf } from '../auth/auth-plugin.js'
import { IngestMetrics } from '../monitoring/ingest-metrics.js'
import { SelfMetrics } from '../monitoring/self-metrics.js'
import type { PriceCatalog } from '../pricing/price-catalog.js'
import { type AttributeLimits, defaultAttributeLimits } from './attribute-limits.js'
import { exportRoute } from './export-route.js'
import { type AdmissionLimits, defaultAdmissionLimits, IngestAdmission } from './ingest-admission.js'
import { registerOtlpBodyParser } from './otlp-body-parser.js'
import { otlpErrorHandler } from './otlp-error-handler.js'
import { logsIngest, metricsIngest, tracesIngest } from './otlp-signals.js'
import type { TelemetryWriter } from './telemetry-batch.js'

/** Limits an operator may tune; each falls back to its default. */
export interface IngestLimitOptions extends Partial<AdmissionLimits> {
  attributes?: Partial<AttributeLimits>
}

export interface OtlpIngestOptions {
  writer: TelemetryWriter
  /** Prices when the app has no per-project `pricing` decorator (the prices plugin). */
  prices: PriceCatalog
  /** Largest body accepted after decompression (413 above). */
  maxBodyBytes: number
  /** Where the ingest series go (served by the metrics plugin); a private registry when absent. */
  selfMetrics?: SelfMetrics
  limits?: IngestLimitOptions
}

const signalOf = (url: string) =>
  url.startsWith('/v1/logs') ? 'logs' : url.startsWith('/v1/metrics') ? 'metrics' : 'traces'

/**
 * OTLP/HTTP receiver: `POST /v1/traces`, `/v1/logs`, `/v1/metrics`, protobuf
 * or JSON, optionally gzip/deflate, answered in the request's encoding.
 * Status codes (OTLP/HTTP "Failures"; clients retry only 429/502/503/504):
 * 400 undecodable body · 401/403 key or scope · 413 over the size cap after
 * decompression · 415 unknown Content-Type or Content-Encoding · 429 one
 * project over its concurrency · 503 collector or storage overloaded, both
 * with Retry-After. Bad input is never a 500.
 */
const otlpIngestPlugin: FastifyPluginAsync<OtlpIngestOptions> = async (app, options) => {
  const { attributes, ...admissionOptions } = options.limits ?? {}
  const attributeLimits = { ...defaultAttributeLimits, ...attributes }
  const admission = new IngestAdmission({ ...defaultAdmissionLimits, ...admissionOptions })
  const registry = options.selfMetrics ?? new SelfMetrics()
  const metrics = new IngestMetrics(registry)
  registry.gauge('vigil_ingest_in_flight_requests', 'Export requests being read, decoded or written.', () => [
    [{}, admission.inFlightRequests],
  ])
  registry.gauge('vigil_ingest_in_flight_bytes', 'Decompressed body bytes held by in-flight exports.', () => [
    [{}, admission.inFlightBytes],
  ])

  registerOtlpBodyParser(app, options.maxBodyBytes)
  app.setErrorHandler(
    otlpErrorHandler((error, request) => {
      metrics.errors.inc({ signal: signalOf(request.url), code: error.code })
    }),
  )
  // Runs after the auth hook (registered earlier, at the root) and before the
  // body is read: a key without the ingest scope, or a project already at its
  // limit, is refused without the collector inflating anything.
  app.addHook('onRequest', async (request, reply) => {
    const { projectId } = principalOf(request, 'ingest')
    const ticket = admission.admit(projectId)
    request.otlpTicket = ticket
    reply.raw.once('close', ticket.release)
  })

  const deps = { writer: options.writer, metrics, attributeLimits }
  // Per-project prices when the prices plugin is registered (it decorates `pricing`), else the fixed catalog.
  const pricesFor = app.hasDecorator('pricing')
    ? (projectId: string) => app.pricing.forProject(projectId)
    : async () => options.prices
  app.post('/v1/traces', exportRoute(tracesIngest(pricesFor), deps))
  app.post('/v1/logs', exportRoute(logsIngest, deps))
  app.post('/v1/metrics', exportRoute(metricsIngest, deps))
}

export default otlpIngestPlugin
