import type { Migration } from './migration.js'

/**
 * Per-project settings. `retention_days` 0 means "the collector's default"
 * (VIGIL_RETENTION_DAYS). The writer stamps the effective value on every row
 * it stores, and each table's TTL reads that column, so a project's retention
 * applies to rows ingested after the change; older rows keep the retention
 * they were stored with.
 */
export const projectSettings: Migration = {
  version: 4,
  name: 'project settings',
  statements: (schema) => [
    ...schema.createTable({
      name: 'project_settings',
      columns: [
        'project_id String',
        'retention_days UInt16',
        "updated_at DateTime64(3, 'UTC') DEFAULT now64(3)",
      ],
      engine: 'ReplacingMergeTree',
      engineArgs: 'updated_at',
      orderBy: 'project_id',
      shardingKey: 'cityHash64(project_id)',
    }),
  ],
}
