import { mkdirSync } from 'node:fs'
import { type ClickHouseClient, createClient } from '@clickhouse/client'
import { createChdbConnection } from 'chdb/connection'
import type { CollectorConfig } from '../config.js'
import { type BulkInsert, jsonBulkInsert, nativeFileBulkInsert } from './bulk-insert.js'

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>

export type EngineKind = 'embedded' | 'server'

/**
 * The one ClickHouse client every part of the collector uses, with the names of
 * its tables. The embedded engine (chDB, in this process) and a ClickHouse server
 * are reached through the same `@clickhouse/client` API, so no query knows which
 * one it talks to.
 */
export interface ClickHouseStore {
  readonly client: ClickHouseClient
  readonly engine: EngineKind
  readonly database: string
  /** Set in scale-out mode: tables are Replicated on this cluster, reached through Distributed tables. */
  readonly cluster: string | undefined
  /** Inserts a batch of same-shaped rows in the format this engine parses fastest. */
  readonly insertRows: BulkInsert
  /** Fully qualified table name. chDB ignores the client's `database` setting, so SQL always qualifies. */
  table(name: string): string
  close(): Promise<void>
}

export function openClickHouseStore(
  config: Pick<CollectorConfig, 'clickhouse' | 'dataDir'>,
): ClickHouseStore {
  const { url, username, password, database, cluster } = config.clickhouse
  let client: ClickHouseClient
  let engine: EngineKind
  let insertRows: BulkInsert
  if (url) {
    engine = 'server'
    client = createClient({
      url,
      username: username ?? 'default',
      password: password ?? '',
      // Scale-out: an insert through a Distributed table must reach the shard before
      // it is acknowledged (the default queues it on the receiving node), and the
      // dedup check must read the replica the insert went to, so both prefer the
      // first healthy replica instead of a random one.
      ...(cluster
        ? { clickhouse_settings: { distributed_foreground_insert: 1, load_balancing: 'in_order' as const } }
        : {}),
    })
    insertRows = jsonBulkInsert(client)
  } else {
    engine = 'embedded'
    mkdirSync(config.dataDir, { recursive: true })
    // chdb types its connection against @clickhouse/client-common, which the client
    // bundles as its own copy: structurally the same contract, nominally two types.
    const connection = createChdbConnection({ path: config.dataDir }) as unknown as ClientConnection
    client = createClient({ connection })
    insertRows = nativeFileBulkInsert(client, config.dataDir)
  }
  return {
    client,
    engine,
    database,
    cluster,
    insertRows,
    table: (name) => `${database}.${name}`,
    close: () => client.close(),
  }
}
