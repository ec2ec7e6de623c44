import type { ClickHouseStore } from './clickhouse-store.js'
import {
  migrations as defaultMigrations,
  type Migration,
  migrationLogStatements,
  SchemaDdl,
} from './migrations/index.js'

/**
 * Brings the schema up to date. Applied versions are recorded in
 * `schema_migrations`; statements are idempotent, so a crash between a
 * statement and its record is repaired by running the migration again.
 * On a cluster, run it from one place (one collector with VIGIL_MIGRATE=on,
 * or `vigil-collector migrate`): ON CLUSTER DDL reaches every node.
 */
export async function migrate(
  store: ClickHouseStore,
  migrations: Migration[] = defaultMigrations,
): Promise<number[]> {
  const schema = new SchemaDdl({ database: store.database, cluster: store.cluster })
  for (const statement of migrationLogStatements(schema)) await store.client.command({ query: statement })
  const applied = await appliedVersions(store)
  const ran: number[] = []
  for (const migration of sorted(migrations)) {
    if (applied.has(migration.version)) continue
    for (const statement of migration.statements(schema)) {
      await store.client.command({ query: statement })
    }
    await store.client.insert({
      table: store.table('schema_migrations'),
      values: [{ version: migration.version, name: migration.name }],
      format: 'JSONEachRow',
    })
    ran.push(migration.version)
  }
  return ran
}

/** Migrations not applied yet; a collector started with VIGIL_MIGRATE=off refuses to run with any. */
export async function pendingMigrations(
  store: ClickHouseStore,
  migrations: Migration[] = defaultMigrations,
): Promise<Migration[]> {
  const applied = await appliedVersions(store).catch(() => new Set<number>())
  return sorted(migrations).filter((migration) => !applied.has(migration.version))
}

async function appliedVersions(store: ClickHouseStore): Promise<Set<number>> {
  const result = await store.client.query({
    query: `SELECT DISTINCT version FROM ${store.table('schema_migrations')}`,
    format: 'JSONEachRow',
  })
  return new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)))
}

function sorted(migrations: Migration[]): Migration[] {
  return [...migrations].sort((a, b) => a.version - b.version)
}
