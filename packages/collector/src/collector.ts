import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { ApiKeyStore } from './auth/api-key-store.js'
import { type CollectorOptions, loadConfig } from './config.js'
import type { LlmCall } from './ingest/llm-call.js'
import type { TelemetryWriter } from './ingest/telemetry-batch.js'
import { PriceCatalog } from './pricing/price-catalog.js'
import { BatchWriter } from './storage/batch-writer.js'
import { openClickHouseStore } from './storage/clickhouse-store.js'
import { migrate } from './storage/migrator.js'

export interface RunningCollector {
  app: FastifyInstance
  /** Base URL, e.g. `http://127.0.0.1:4318`. */
  url: string
  /** Set only on the first start without VIGIL_API_KEY: the key created for the default project. */
  createdKey: string | undefined
  engine: 'embedded' | 'server'
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
  const store = openClickHouseStore(config)
  try {
    await migrate(store)
    const keys = new ApiKeyStore(store)
    const { createdKey } = await keys.start(config.apiKey)
    const callWriter = new BatchWriter<LlmCall>({
      ...config.writer,
      insert: async (rows) => {
        await store.client.insert({ table: store.table('calls'), values: rows, format: 'JSONEachRow' })
      },
    })
    const writer: TelemetryWriter = { write: (batch, bytes) => callWriter.write(batch.calls, bytes) }
    const app = buildApp({ config, store, keys, writer, prices: new PriceCatalog() })
    app.addHook('onClose', async () => {
      await callWriter.close()
    })
    const address = await app.listen({ host: config.host, port: config.port })
    let closing: Promise<void> | undefined
    return {
      app,
      url: address.replace('[::1]', 'localhost'),
      createdKey,
      engine: store.engine,
      close: () => {
        closing ??= app.close().finally(() => store.close())
        return closing
      },
    }
  } catch (error) {
    await store.close().catch(() => {})
    throw error
  }
}
