import { createRequire } from 'node:module'
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify'
import alertingPlugin from './alerts/alerting-plugin.js'
import auditApi from './api/audit-api.js'
import callsApi from './api/calls-api.js'
import keysApi from './api/keys-api.js'
import metricsApi from './api/metrics-api.js'
import openApiPlugin from './api/openapi-plugin.js'
import pricesApi from './api/prices-api.js'
import projectSettingsApi from './api/project-settings-api.js'
import readinessApi from './api/readiness-api.js'
import signalsApi from './api/signals-api.js'
import type { ApiKeyStore } from './auth/api-key-store.js'
import authPlugin from './auth/auth-plugin.js'
import { KeyRateLimiter } from './auth/key-rate-limiter.js'
import type { CollectorConfig } from './config.js'
import dashboardPlugin, { resolveDashboardDir } from './dashboard-plugin.js'
import { asVigilError, VigilError } from './errors.js'
import otlpIngestPlugin, { type IngestLimitOptions } from './ingest/otlp-ingest-plugin.js'
import type { TelemetryWriter } from './ingest/telemetry-batch.js'
import { writerStatsSource } from './monitoring/ingest-stats.js'
import metricsPlugin, { defaultMetricsAccess, type MetricsAccess } from './monitoring/metrics-plugin.js'
import { SelfMetrics } from './monitoring/self-metrics.js'
import type { PriceCatalog } from './pricing/price-catalog.js'
import { AuditLog } from './storage/audit-log.js'
import type { ClickHouseStore } from './storage/clickhouse-store.js'
import type { ProjectSettings } from './storage/project-settings.js'
import { ProjectStore } from './storage/project-store.js'

export interface AppDeps {
  config: CollectorConfig
  store: ClickHouseStore
  keys: ApiKeyStore
  writer: TelemetryWriter
  prices: PriceCatalog
  /** Per-project settings (retention), served by `/api/v1/projects/current/settings`. */
  projectSettings: ProjectSettings
  /** Ingest limits (attribute caps, admission); defaults when absent. */
  ingestLimits?: IngestLimitOptions
  /** Who may scrape GET /metrics; by default open on a loopback bind, key-only otherwise. */
  metricsAccess?: MetricsAccess
}

const collectorVersion = (createRequire(import.meta.url)('../package.json') as { version: string }).version

/** Builds the collector's HTTP app; each feature is one plugin. Does not listen. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const { config } = deps
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    // One log line per OTLP export would drown the useful ones.
    logController: new LogController({ disableRequestLogging: true }),
  })

  app.setErrorHandler((raw: FastifyError | VigilError, request, reply) => {
    const error = asVigilError(raw)
    if (error.statusCode >= 500) request.log.error({ err: raw }, error.message)
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds))
    return reply.status(error.statusCode).send({ error: { code: error.code, message: error.message } })
  })
  app.setNotFoundHandler((request, reply) => {
    const error = new VigilError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)
    return reply.status(404).send({ error: { code: error.code, message: error.message } })
  })

  app.register(authPlugin, { keys: deps.keys, apiRateLimit: new KeyRateLimiter(config.apiRateLimit) })
  const audit = new AuditLog(deps.store, {
    onWriteError: (err, entry) =>
      app.log.error(
        { err, audit: entry },
        'Could not store this audit entry (kept here instead); check storage',
      ),
  })
  // Before every API plugin: they declare their routes into its registry.
  app.register(openApiPlugin, { version: collectorVersion, validateResponses: config.validateResponses })
  app.get('/healthz', async (_request, reply) => {
    const ping = await deps.store.client.ping()
    const body = { status: ping.success ? 'ok' : 'storage_unavailable', engine: deps.store.engine }
    return reply.status(ping.success ? 200 : 503).send(body)
  })
  // Before the other plugins: its request counter is a root hook, inherited only by contexts created after it.
  const selfMetrics = new SelfMetrics()
  app.register(metricsPlugin, {
    registry: selfMetrics,
    access: deps.metricsAccess ?? defaultMetricsAccess(config.host),
    keys: deps.keys,
    writerStats: writerStatsSource(deps.writer),
    observeInserts: deps.writer.onInsert?.bind(deps.writer),
  })
  // Before ingest: decorates `app.pricing`, the per-project prices ingest costs calls with.
  app.register(pricesApi, { store: deps.store, catalog: deps.prices, audit })
  app.register(otlpIngestPlugin, {
    writer: deps.writer,
    prices: deps.prices,
    maxBodyBytes: config.maxBodyBytes,
    selfMetrics,
    limits: deps.ingestLimits,
  })
  app.register(metricsApi, { store: deps.store })
  app.register(signalsApi, { writer: deps.writer })
  app.register(callsApi, { store: deps.store })
  const projects = new ProjectStore(deps.store, () => deps.keys.projectIds())
  app.register(keysApi, { keys: deps.keys, projects, audit })
  app.register(auditApi, { audit })
  app.register(readinessApi, { store: deps.store, audit })
  app.register(alertingPlugin, {
    store: deps.store,
    audit,
    evaluate: config.alerts.evaluator,
    intervalMs: config.alerts.intervalMs,
  })
  app.register(projectSettingsApi, {
    settings: deps.projectSettings,
    defaultRetentionDays: config.retentionDays,
    audit,
  })
  app.register(dashboardPlugin, { dir: resolveDashboardDir(config.dashboardDir) })
  return app
}
