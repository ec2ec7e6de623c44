import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { ApiKeyStore } from './auth/api-key-store.js'
import { type CollectorConfig, type CollectorOptions, loadConfig } from './config.js'
import { ConfigError } from './errors.js'
import type { IngestLimitOptions } from './ingest/otlp-ingest-plugin.js'
import { PriceCatalog } from './pricing/price-catalog.js'
import { type ClickHouseStore, openClickHouseStore } from './storage/clickhouse-store.js'
import { ClickHouseTelemetryWriter } from './storage/clickhouse-telemetry-writer.js'
import { migrate, pendingMigrations } from './storage/migrator.js'
import { ProjectSettings } from './storage/project-settings.js'
import { applyConfigFile, findConfigFile, readConfigFile } from './vigil-config-file.js'

export interface RunningCollector {
  app: FastifyInstance
  /** Base URL, e.g. `http://127.0.0.1:4318`. */
  url: string
  /** Set only on the first start without VIGIL_API_KEY: the key created for the default project. */
  createdKey: string | undefined
  engine: 'embedded' | 'server'
  /** The storage every part of this collector uses (chDB allows one per process: tests reach it here). */
  store: ClickHouseStore
  /** Where ingest writes; `writer.stats` has the counters for self-monitoring. */
  writer: ClickHouseTelemetryWriter
  /** Per-project settings such as retention. */
  projectSettings: ProjectSettings
  /** Stops accepting requests, writes what is queued, closes storage. */
  close(): Promise<void>
}

/**
 * Starts a collector: resolves config, opens storage, migrates the schema,
 * and listens.
 *
 * @example
 * const collector = await startCollector({ port: 0, dataDir: '/tmp/vigil' })
 * console.log(collector.url)
 * await collector.close()
 */
export async function startCollector(options: CollectorOptions = {}): Promise<RunningCollector> {
  const config = loadConfig(options)
  // Read before anything opens: a broken config file stops the start, naming the field.
  const configFile = findConfigFile(config.configFile)
  const definitions = configFile ? readConfigFile(configFile) : undefined
  const store = openClickHouseStore(config)
  let projectSettings: ProjectSettings | undefined
  let keys: ApiKeyStore | undefined
  try {
    await prepareSchema(store, config)
    const synced = definitions ? await applyConfigFile(store, definitions) : undefined
    keys = new ApiKeyStore(store, { reloadMs: config.keyReloadMs })
    const { createdKey } = await keys.start(config.apiKey)
    projectSettings = new ProjectSettings(store, { defaultRetentionDays: config.retentionDays })
    await projectSettings.start()
    const writer = new ClickHouseTelemetryWriter({ store, settings: projectSettings, ...config.writer })
    const app = buildApp({
      config,
      store,
      keys,
      writer,
      prices: new PriceCatalog(),
      projectSettings,
      ingestLimits: ingestLimitsOf(config),
      metricsAccess: config.metricsAuth,
    })
    if (configFile && synced) {
      app.log.info(
        { configFile, ...synced },
        'Loaded alert rules, channels and readiness criteria from the config file',
      )
      if (synced.replaced.length > 0)
        app.log.warn(
          { configFile, ids: synced.replaced },
          'The config file replaced definitions of the same id made through the API',
        )
    }
    const settings = projectSettings
    const keyStore = keys
    app.addHook('onClose', async () => {
      keyStore.stop()
      settings.stop()
      await writer.close()
    })
    const address = await app.listen({ host: config.host, port: config.port })
    let closing: Promise<void> | undefined
    return {
      app,
      url: address.replace('[::1]', 'localhost'),
      createdKey,
      engine: store.engine,
      store,
      writer,
      projectSettings,
      close: () => {
        closing ??= app.close().finally(() => store.close())
        return closing
      },
    }
  } catch (error) {
    keys?.stop()
    projectSettings?.stop()
    await store.close().catch(() => {})
    throw error
  }
}

/** Migrates, or with VIGIL_MIGRATE=off checks that whoever migrates has done so. */
async function prepareSchema(store: ClickHouseStore, config: CollectorConfig): Promise<void> {
  if (config.migrate) {
    await migrate(store)
    return
  }
  const pending = await pendingMigrations(store)
  if (pending.length > 0) {
    throw new ConfigError(
      `the schema lacks migration(s) ${pending.map((m) => m.version).join(', ')} and VIGIL_MIGRATE is off: ` +
        'run `vigil-collector migrate`, or start one collector with VIGIL_MIGRATE=on, then start this one again',
    )
  }
}

/** The ingest settings as the ingest plugin takes them: attribute caps apart from admission. */
function ingestLimitsOf(config: CollectorConfig): IngestLimitOptions {
  const { maxAttributes, maxValueBytes, maxContentBytes, maxInFlightBytes, maxRequestsPerProject } =
    config.ingest
  return {
    maxInFlightBytes,
    maxRequestsPerProject,
    attributes: { maxAttributes, maxValueBytes, maxContentBytes },
  }
}
