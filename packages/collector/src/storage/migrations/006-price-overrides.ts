import type { Migration } from './migration.js'

/**
 * Per-project price overrides and custom models (owned by `pricing/`). Every
 * PUT /api/v1/prices appends the project's whole set under a new version; the
 * latest is in effect. A plain MergeTree keeps the older sets as the record of
 * the rates behind each `override:<version>` cost basis. Sharded by project so
 * "latest set of this project" reads one shard.
 */
export const priceOverrides: Migration = {
  version: 6,
  name: 'price overrides',
  statements: (schema) => [
    ...schema.createTable({
      name: 'price_overrides',
      columns: [
        'project_id LowCardinality(String)',
        'version UInt64',
        'models String CODEC(ZSTD(1))',
        'updated_by String',
        "updated_at DateTime64(3, 'UTC') DEFAULT now64(3)",
      ],
      engine: 'MergeTree',
      orderBy: '(project_id, version)',
      shardingKey: 'cityHash64(project_id)',
    }),
  ],
}
