import type { Migration } from './migration.js'

/**
 * The first schema. `calls` is a ReplacingMergeTree keyed on (project, start
 * time, span id): a span stored twice collapses to one row at merge time, and
 * readers that must not see the second copy read with FINAL. Tokens and cost
 * are Nullable: "unknown" (no usage reported, no price) must not read as 0.
 */
export const callsAndApiKeys: Migration = {
  version: 1,
  name: 'calls and api keys',
  statements: (schema) => [
    schema.createDatabase(),
    ...schema.createTable({
      name: 'calls',
      columns: [
        'project_id LowCardinality(String)',
        "start_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1))",
        "end_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1))",
        'trace_id String CODEC(ZSTD(1))',
        'span_id String CODEC(ZSTD(1))',
        'parent_span_id String CODEC(ZSTD(1))',
        'span_name String CODEC(ZSTD(1))',
        'service_name LowCardinality(String)',
        'environment LowCardinality(String)',
        'use_case LowCardinality(String)',
        'operation LowCardinality(String)',
        'provider LowCardinality(String)',
        'request_model LowCardinality(String)',
        'response_model LowCardinality(String)',
        'model LowCardinality(String)',
        'status LowCardinality(String)',
        'error_type LowCardinality(String)',
        'duration_ms Float64 CODEC(ZSTD(1))',
        'ttft_ms Nullable(Float64)',
        'input_tokens Nullable(UInt64)',
        'output_tokens Nullable(UInt64)',
        'cache_read_tokens Nullable(UInt64)',
        'cache_creation_tokens Nullable(UInt64)',
        'reasoning_tokens Nullable(UInt64)',
        'cost_usd Nullable(Float64)',
        'cost_basis LowCardinality(String)',
        'user_id String CODEC(ZSTD(1))',
        'session_id String CODEC(ZSTD(1))',
        'prompt_version LowCardinality(String)',
        'tags Array(LowCardinality(String))',
        'attributes Map(LowCardinality(String), String) CODEC(ZSTD(1))',
        'resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1))',
        'retention_days UInt16 DEFAULT 90',
        "ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)",
      ],
      engine: 'ReplacingMergeTree',
      engineArgs: 'ingested_at',
      partitionBy: 'toYYYYMM(start_time)',
      orderBy: '(project_id, start_time, span_id)',
      ttl: 'toDateTime(start_time) + toIntervalDay(retention_days)',
      // A whole trace on one shard: a retried span meets its first copy.
      shardingKey: 'cityHash64(trace_id)',
    }),
    ...schema.createTable({
      name: 'api_keys',
      columns: [
        'project_id LowCardinality(String)',
        'key_id String',
        'key_hash String',
        'name String',
        'scopes Array(LowCardinality(String))',
        "created_at DateTime64(3, 'UTC') DEFAULT now64(3)",
        "revoked_at Nullable(DateTime64(3, 'UTC'))",
        'version UInt64',
      ],
      engine: 'ReplacingMergeTree',
      engineArgs: 'version',
      orderBy: '(key_hash)',
      shardingKey: 'cityHash64(key_hash)',
    }),
  ],
}
