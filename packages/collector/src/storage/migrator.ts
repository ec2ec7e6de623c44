import type { ClickHouseStore } from './clickhouse-store.js'
import { migrations as defaultMigrations, type Migration } from './schema.js'

/**
 * Brings the schema up to date at start-up. Applied versions are recorded in
 * `schema_migrations`; statements are idempotent, so a crash between a
 * statement and its record is repaired by running the migration again.
 */
export async function migrate(
  store: ClickHouseStore,
  migrations: Migration[] = defaultMigrations,
): Promise<number[]> {
  const db = store.database
  await store.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` })
  await store.client.command({
    query: `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (
      version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = ReplacingMergeTree ORDER BY version`,
  })
  const result = await store.client.query({
    query: `SELECT DISTINCT version FROM ${db}.schema_migrations`,
    format: 'JSONEachRow',
  })
  const applied = new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)))
  const ran: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue
    for (const statement of migration.statements(db)) {
      await store.client.command({ query: statement })
    }
    await store.client.insert({
      table: `${db}.schema_migrations`,
      values: [{ version: migration.version, name: migration.name }],
      format: 'JSONEachRow',
    })
    ran.push(migration.version)
  }
  return ran
}
