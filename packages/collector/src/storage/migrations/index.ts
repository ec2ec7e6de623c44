import { callsAndApiKeys } from './001-calls-and-api-keys.js'
import { callsV2 } from './002-calls-v2.js'
import { spansAndLogs } from './003-spans-and-logs.js'
import { projectSettings } from './004-project-settings.js'
import { callsPerMinute } from './005-calls-per-minute.js'
import { priceOverrides } from './006-price-overrides.js'
import { auditLogAndProjects } from './007-audit-log-and-projects.js'
import { coarserRollups } from './008-coarser-rollups.js'
import { signals } from './009-signals.js'
import { dimensionlessRollups } from './010-dimensionless-rollups.js'
import { alerts } from './011-alerts.js'
import { perDimensionRollups } from './012-per-dimension-rollups.js'
import type { Migration } from './migration.js'
import { SchemaDdl, type SchemaTarget } from './schema-ddl.js'

export type { Migration } from './migration.js'
export type { SchemaTarget } from './schema-ddl.js'
export { SchemaDdl } from './schema-ddl.js'

/** Vigil's schema, oldest first. Append new migrations here; never edit an applied one. */
export const migrations: Migration[] = [
  callsAndApiKeys,
  callsV2,
  spansAndLogs,
  projectSettings,
  callsPerMinute,
  priceOverrides,
  auditLogAndProjects,
  coarserRollups,
  signals,
  dimensionlessRollups,
  alerts,
  perDimensionRollups,
]

/** The table recording which migrations ran; created before any of them. */
export function migrationLogStatements(schema: SchemaDdl): string[] {
  return [
    schema.createDatabase(),
    ...schema.createTable({
      name: 'schema_migrations',
      columns: ['version UInt32', 'name String', "applied_at DateTime64(3, 'UTC') DEFAULT now64(3)"],
      engine: 'ReplacingMergeTree',
      orderBy: 'version',
      shardingKey: 'version',
    }),
  ]
}

/**
 * Every statement that builds the schema from nothing, in order: what the
 * migrator runs on an empty database, for one node or (`cluster` set) for a
 * cluster. `vigil-collector schema` prints it for review.
 */
export function schemaStatements(target: SchemaTarget, list: Migration[] = migrations): string[] {
  const schema = new SchemaDdl(target)
  return [
    ...migrationLogStatements(schema),
    ...[...list].sort((a, b) => a.version - b.version).flatMap((m) => m.statements(schema)),
  ]
}
