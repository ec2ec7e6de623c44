import type { Migration } from './migration.js'
import { durableInserts } from './schema-ddl.js'

/**
 * The audit log and the project registry (`storage/audit-log.ts`,
 * `storage/project-store.ts`).
 *
 * `audit_log` is append-only (plain MergeTree: an entry is never replaced) and
 * sorted by project and time, since every read is "this project's changes,
 * newest first". It has no TTL: who changed a key or a price must outlive the
 * telemetry it affected. Sharded by project so a project's log reads one shard.
 *
 * `projects` records projects created through the API. Projects that predate
 * it (the bootstrap `default`, projects whose keys were created directly) are
 * known by their keys, so nothing is backfilled.
 */
export const auditLogAndProjects: Migration = {
  version: 7,
  name: 'audit log and projects',
  statements: (schema) => [
    ...schema.createTable({
      name: 'audit_log',
      columns: [
        'project_id LowCardinality(String)',
        "time DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1))",
        'id String',
        'actor_project_id LowCardinality(String)',
        'actor_key_id String',
        'action LowCardinality(String)',
        'target String',
        'details String CODEC(ZSTD(3))',
      ],
      engine: 'MergeTree',
      partitionBy: 'toYYYYMM(time)',
      orderBy: '(project_id, time, id)',
      settings: durableInserts,
      shardingKey: 'cityHash64(project_id)',
    }),
    ...schema.createTable({
      name: 'projects',
      columns: [
        'project_id String',
        'name String',
        "created_at DateTime64(3, 'UTC') DEFAULT now64(3)",
        'created_by String',
      ],
      engine: 'ReplacingMergeTree',
      engineArgs: 'created_at',
      orderBy: 'project_id',
      settings: durableInserts,
      shardingKey: 'cityHash64(project_id)',
    }),
  ],
}
