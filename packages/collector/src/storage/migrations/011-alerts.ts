import type { Migration } from './migration.js'
import { durableInserts, type SchemaDdl } from './schema-ddl.js'

/**
 * Alerting and readiness (issue 7): definitions, evaluation state, history,
 * deliveries.
 *
 * Definitions (`alert_rules`, `alert_channels`, `alert_silences`,
 * `readiness_criteria`) are small documents stored as JSON in `definition`,
 * versioned by `updated_at` in a ReplacingMergeTree and deleted by a newer
 * version with `deleted = 1`: the shape can grow without a migration, and a
 * read with FINAL sees the newest version of each. `source` tells rules edited
 * through the API (`api`) from those loaded from `vigil.config.*` (`file`).
 *
 * `alert_states` holds each rule's current state (one row per rule after
 * FINAL); `alert_events` every transition with the measured value, append-only,
 * so "why did it fire" is answerable later; `alert_deliveries` every delivery
 * attempt of a notification. History is kept a year (TTL), far longer than
 * the telemetry it judged.
 */
export const alerts: Migration = {
  version: 11,
  name: 'alerts and readiness',
  statements: (schema) => [
    ...definitionTable(schema, 'alert_rules'),
    ...definitionTable(schema, 'alert_channels'),
    ...definitionTable(schema, 'alert_silences'),
    ...definitionTable(schema, 'readiness_criteria'),
    ...schema.createTable({
      name: 'alert_states',
      columns: [
        'project_id LowCardinality(String)',
        'rule_id String',
        'state LowCardinality(String)',
        'severity LowCardinality(String)',
        "since DateTime64(3, 'UTC')",
        'value Nullable(Float64)',
        'calls UInt64',
        'detail String CODEC(ZSTD(3))',
        "evaluated_at DateTime64(3, 'UTC')",
      ],
      engine: 'ReplacingMergeTree',
      engineArgs: 'evaluated_at',
      orderBy: '(project_id, rule_id)',
      settings: durableInserts,
      shardingKey: 'cityHash64(project_id)',
    }),
    ...schema.createTable({
      name: 'alert_events',
      columns: [
        'project_id LowCardinality(String)',
        "at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1))",
        'id String',
        'rule_id String',
        'rule_name String',
        'from_state LowCardinality(String)',
        'to_state LowCardinality(String)',
        'severity LowCardinality(String)',
        'value Nullable(Float64)',
        'threshold Nullable(Float64)',
        'calls UInt64',
        'message String',
        'detail String CODEC(ZSTD(3))',
      ],
      engine: 'MergeTree',
      partitionBy: 'toYYYYMM(at)',
      orderBy: '(project_id, rule_id, at, id)',
      ttl: 'toDateTime(at) + toIntervalDay(400)',
      settings: durableInserts,
      shardingKey: 'cityHash64(project_id)',
    }),
    ...schema.createTable({
      name: 'alert_deliveries',
      columns: [
        'project_id LowCardinality(String)',
        "at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1))",
        'event_id String',
        'rule_id String',
        'channel String',
        'kind LowCardinality(String)',
        'attempt UInt16',
        'status LowCardinality(String)',
        'http_status Nullable(UInt16)',
        'error String',
        'duration_ms Float64',
      ],
      engine: 'MergeTree',
      partitionBy: 'toYYYYMM(at)',
      orderBy: '(project_id, at, event_id)',
      ttl: 'toDateTime(at) + toIntervalDay(400)',
      settings: durableInserts,
      shardingKey: 'cityHash64(project_id)',
    }),
  ],
}

function definitionTable(schema: SchemaDdl, name: string): string[] {
  return schema.createTable({
    name,
    columns: [
      'project_id LowCardinality(String)',
      'id String',
      'source LowCardinality(String)',
      'definition String CODEC(ZSTD(3))',
      'deleted UInt8',
      "updated_at DateTime64(3, 'UTC')",
      'updated_by String',
    ],
    engine: 'ReplacingMergeTree',
    engineArgs: 'updated_at',
    orderBy: '(project_id, id)',
    settings: durableInserts,
    shardingKey: 'cityHash64(project_id)',
  })
}
