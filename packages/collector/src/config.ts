import { resolve } from 'node:path'
import { z } from 'zod'
import { ConfigError } from './errors.js'
import { defaultAttributeLimits } from './ingest/attribute-limits.js'
import { defaultAdmissionLimits } from './ingest/ingest-admission.js'

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/
// Cluster names come from the server's <remote_servers>; they are quoted into DDL, so keep them plain.
const clusterName = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

const flag = z.union([
  z.boolean(),
  z.enum(['true', 'false', 'on', 'off', '1', '0']).transform((v) => v === 'true' || v === 'on' || v === '1'),
])

const configSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  dataDir: z.string().min(1),
  clickhouse: z.object({
    url: z.url().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    // Interpolated into DDL as an identifier, so it must be one.
    database: z.string().regex(identifier, 'must be a plain identifier (letters, digits, _)'),
    /** Scale-out: tables become Replicated*MergeTree on this cluster with Distributed tables over them. */
    cluster: z.string().regex(clusterName, 'must be a cluster name from <remote_servers>').optional(),
  }),
  /** Default retention of every row; a project's own setting (project_settings) overrides it. */
  retentionDays: z.coerce.number().int().min(1).max(36_500),
  /** Whether this instance applies schema migrations at start (one instance, or `vigil-collector migrate`). */
  migrate: flag,
  apiKey: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How often the api_keys table is re-read: bounds how long a key revoked on another collector still works. */
  keyReloadMs: z.coerce.number().int().min(100).max(300_000),
  /** Token bucket per API key on /api/* (auth/key-rate-limiter.ts); 0 requests per second turns it off. */
  apiRateLimit: z.object({
    requestsPerSecond: z.coerce.number().min(0),
    burst: z.coerce.number().int().positive(),
  }),
  maxBodyBytes: z.coerce.number().int().positive(),
  writer: z.object({
    maxBatchRows: z.coerce.number().int().positive(),
    lingerMs: z.coerce.number().int().min(0),
    maxQueueBytes: z.coerce.number().int().positive(),
    /** Ids of recently written rows remembered per table, so a quick retry is dropped without a query. */
    dedupCacheIds: z.coerce.number().int().min(0),
  }),
  /** What one export may carry and how much ingest holds at once (ingest/attribute-limits.ts, ingest-admission.ts). */
  ingest: z.object({
    maxAttributes: z.coerce.number().int().positive(),
    maxValueBytes: z.coerce.number().int().positive(),
    maxContentBytes: z.coerce.number().int().positive(),
    maxInFlightBytes: z.coerce.number().int().positive(),
    maxRequestsPerProject: z.coerce.number().int().positive(),
  }),
  /** Who may scrape GET /metrics; unset: `open` on a loopback bind, `key` on any other. */
  metricsAuth: z.enum(['open', 'key']).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  dashboardDir: z.string().optional(),
  /** Check every API answer against its declared schema; for tests (a drifted schema fails loudly). */
  validateResponses: flag,
  alerts: z.object({
    /** Whether this instance evaluates alert rules: exactly one collector per ClickHouse should (alerts/alert-evaluator.ts). */
    evaluator: flag,
    intervalMs: z.coerce.number().int().min(1000).max(3_600_000),
  }),
  /**
   * `vigil.config.(yaml|yml|json)`: alert rules, channels and readiness criteria kept in the app's
   * repository. Unset: the first of those names found in the working directory, if any.
   */
  configFile: z.string().min(1).optional(),
})

export type CollectorConfig = z.infer<typeof configSchema>

const checkedConfigSchema = configSchema.superRefine((config, context) => {
  // chDB is one process: there is nothing to replicate or distribute over.
  if (config.clickhouse.cluster && !config.clickhouse.url) {
    context.addIssue({
      code: 'custom',
      path: ['clickhouse', 'cluster'],
      message: 'needs a ClickHouse server (VIGIL_CLICKHOUSE_URL); the embedded engine has no cluster',
    })
  }
})

/** Options a caller may set explicitly; each falls back to a `VIGIL_*` variable, then a default. */
export interface CollectorOptions {
  host?: string
  port?: number
  dataDir?: string
  clickhouse?: Partial<CollectorConfig['clickhouse']>
  apiKey?: string
  keyReloadMs?: number
  apiRateLimit?: Partial<CollectorConfig['apiRateLimit']>
  maxBodyBytes?: number
  writer?: Partial<CollectorConfig['writer']>
  ingest?: Partial<CollectorConfig['ingest']>
  metricsAuth?: CollectorConfig['metricsAuth']
  retentionDays?: number
  migrate?: boolean
  logLevel?: CollectorConfig['logLevel']
  dashboardDir?: string
  validateResponses?: boolean
  alerts?: Partial<CollectorConfig['alerts']>
  /** Path of vigil.config.(yaml|yml|json). */
  configFile?: string
}

const MiB = 1024 * 1024

/**
 * Resolves the collector's settings: explicit option, else `VIGIL_*` environment
 * variable, else default. Throws {@link ConfigError} naming the bad setting, so a
 * misconfigured collector refuses to start instead of running half-broken.
 */
export function loadConfig(
  options: CollectorOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): CollectorConfig {
  const pick = <T>(explicit: T | undefined, name: string, fallback?: T): T | string | undefined =>
    explicit ?? nonEmpty(env[name]) ?? fallback
  const raw = {
    host: pick(options.host, 'VIGIL_HOST', '127.0.0.1'),
    port: pick(options.port, 'VIGIL_PORT', 4318),
    dataDir: resolve(String(pick(options.dataDir, 'VIGIL_DATA_DIR', './.vigil'))),
    clickhouse: {
      url: pick(options.clickhouse?.url, 'VIGIL_CLICKHOUSE_URL'),
      username: pick(options.clickhouse?.username, 'VIGIL_CLICKHOUSE_USER'),
      password: pick(options.clickhouse?.password, 'VIGIL_CLICKHOUSE_PASSWORD'),
      database: pick(options.clickhouse?.database, 'VIGIL_CLICKHOUSE_DATABASE', 'vigil'),
      cluster: pick(options.clickhouse?.cluster, 'VIGIL_CLICKHOUSE_CLUSTER'),
    },
    retentionDays: pick(options.retentionDays, 'VIGIL_RETENTION_DAYS', 90),
    migrate: pick(options.migrate, 'VIGIL_MIGRATE', true),
    apiKey: pick(options.apiKey, 'VIGIL_API_KEY'),
    keyReloadMs: pick(options.keyReloadMs, 'VIGIL_KEY_RELOAD_MS', 2_000),
    apiRateLimit: {
      // Far above what the dashboard or a script polling every 20 ms asks for:
      // the limit exists so one runaway client cannot starve the others.
      requestsPerSecond: pick(options.apiRateLimit?.requestsPerSecond, 'VIGIL_API_RATE_LIMIT', 100),
      burst: pick(options.apiRateLimit?.burst, 'VIGIL_API_RATE_BURST', 300),
    },
    maxBodyBytes: pick(options.maxBodyBytes, 'VIGIL_MAX_BODY_BYTES', 64 * MiB),
    writer: {
      maxBatchRows: pick(options.writer?.maxBatchRows, 'VIGIL_WRITER_MAX_BATCH_ROWS', 10_000),
      lingerMs: pick(options.writer?.lingerMs, 'VIGIL_WRITER_LINGER_MS', 200),
      maxQueueBytes: pick(options.writer?.maxQueueBytes, 'VIGIL_WRITER_MAX_QUEUE_BYTES', 128 * MiB),
      dedupCacheIds: pick(options.writer?.dedupCacheIds, 'VIGIL_WRITER_DEDUP_CACHE_IDS', 100_000),
    },
    ingest: {
      maxAttributes: pick(
        options.ingest?.maxAttributes,
        'VIGIL_INGEST_MAX_ATTRIBUTES',
        defaultAttributeLimits.maxAttributes,
      ),
      maxValueBytes: pick(
        options.ingest?.maxValueBytes,
        'VIGIL_INGEST_MAX_VALUE_BYTES',
        defaultAttributeLimits.maxValueBytes,
      ),
      maxContentBytes: pick(
        options.ingest?.maxContentBytes,
        'VIGIL_INGEST_MAX_CONTENT_BYTES',
        defaultAttributeLimits.maxContentBytes,
      ),
      maxInFlightBytes: pick(
        options.ingest?.maxInFlightBytes,
        'VIGIL_INGEST_MAX_IN_FLIGHT_BYTES',
        defaultAdmissionLimits.maxInFlightBytes,
      ),
      maxRequestsPerProject: pick(
        options.ingest?.maxRequestsPerProject,
        'VIGIL_INGEST_MAX_REQUESTS_PER_PROJECT',
        defaultAdmissionLimits.maxRequestsPerProject,
      ),
    },
    metricsAuth: pick(options.metricsAuth, 'VIGIL_METRICS_AUTH'),
    logLevel: pick(options.logLevel, 'VIGIL_LOG_LEVEL', 'info'),
    dashboardDir: pick(options.dashboardDir, 'VIGIL_DASHBOARD_DIR'),
    validateResponses: pick(options.validateResponses, 'VIGIL_VALIDATE_RESPONSES', false),
    alerts: {
      evaluator: pick(options.alerts?.evaluator, 'VIGIL_ALERTS_EVALUATOR', true),
      intervalMs: pick(options.alerts?.intervalMs, 'VIGIL_ALERTS_INTERVAL_MS', 30_000),
    },
    configFile: pick(options.configFile, 'VIGIL_CONFIG'),
  }
  const parsed = checkedConfigSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const setting = issue?.path.join('.') ?? 'config'
    const variable = envNames[setting]
    const where = variable ? ` (option ${setting} or ${variable})` : ` (option ${setting})`
    throw new ConfigError(`Invalid setting${where}: ${issue?.message ?? 'invalid value'}`)
  }
  return parsed.data
}

const envNames: Record<string, string> = {
  host: 'VIGIL_HOST',
  port: 'VIGIL_PORT',
  dataDir: 'VIGIL_DATA_DIR',
  'clickhouse.url': 'VIGIL_CLICKHOUSE_URL',
  'clickhouse.username': 'VIGIL_CLICKHOUSE_USER',
  'clickhouse.password': 'VIGIL_CLICKHOUSE_PASSWORD',
  'clickhouse.database': 'VIGIL_CLICKHOUSE_DATABASE',
  'clickhouse.cluster': 'VIGIL_CLICKHOUSE_CLUSTER',
  retentionDays: 'VIGIL_RETENTION_DAYS',
  migrate: 'VIGIL_MIGRATE',
  apiKey: 'VIGIL_API_KEY',
  keyReloadMs: 'VIGIL_KEY_RELOAD_MS',
  'apiRateLimit.requestsPerSecond': 'VIGIL_API_RATE_LIMIT',
  'apiRateLimit.burst': 'VIGIL_API_RATE_BURST',
  maxBodyBytes: 'VIGIL_MAX_BODY_BYTES',
  'writer.maxBatchRows': 'VIGIL_WRITER_MAX_BATCH_ROWS',
  'writer.lingerMs': 'VIGIL_WRITER_LINGER_MS',
  'writer.maxQueueBytes': 'VIGIL_WRITER_MAX_QUEUE_BYTES',
  'writer.dedupCacheIds': 'VIGIL_WRITER_DEDUP_CACHE_IDS',
  'ingest.maxAttributes': 'VIGIL_INGEST_MAX_ATTRIBUTES',
  'ingest.maxValueBytes': 'VIGIL_INGEST_MAX_VALUE_BYTES',
  'ingest.maxContentBytes': 'VIGIL_INGEST_MAX_CONTENT_BYTES',
  'ingest.maxInFlightBytes': 'VIGIL_INGEST_MAX_IN_FLIGHT_BYTES',
  'ingest.maxRequestsPerProject': 'VIGIL_INGEST_MAX_REQUESTS_PER_PROJECT',
  metricsAuth: 'VIGIL_METRICS_AUTH',
  logLevel: 'VIGIL_LOG_LEVEL',
  dashboardDir: 'VIGIL_DASHBOARD_DIR',
  'alerts.evaluator': 'VIGIL_ALERTS_EVALUATOR',
  'alerts.intervalMs': 'VIGIL_ALERTS_INTERVAL_MS',
  configFile: 'VIGIL_CONFIG',
  validateResponses: 'VIGIL_VALIDATE_RESPONSES',
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
