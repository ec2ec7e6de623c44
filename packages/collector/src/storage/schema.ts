/**
 * Vigil's ClickHouse schema as versioned migrations. Each statement is
 * idempotent (IF NOT EXISTS), so a migration interrupted half-way is simply run
 * again at the next start.
 *
 * Design notes:
 * - `project_id` leads every sort key: every query is bound to one project.
 * - `calls` is a ReplacingMergeTree keyed on (project, start time, span id), so a
 *   batch re-sent after a lost acknowledgement collapses to one row; readers use
 *   FINAL until the rollups of the ingestion issue take over.
 * - Tokens and cost are Nullable: "unknown" (no usage reported, no price) must
 *   not read as 0.
 */
export interface Migration {
  version: number
  name: string
  statements: (db: string) => string[]
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'calls and api keys',
    statements: (db) => [
      `CREATE DATABASE IF NOT EXISTS ${db}`,
      `CREATE TABLE IF NOT EXISTS ${db}.calls (
        project_id LowCardinality(String),
        start_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
        end_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1)),
        trace_id String CODEC(ZSTD(1)),
        span_id String CODEC(ZSTD(1)),
        parent_span_id String CODEC(ZSTD(1)),
        span_name String CODEC(ZSTD(1)),
        service_name LowCardinality(String),
        environment LowCardinality(String),
        use_case LowCardinality(String),
        operation LowCardinality(String),
        provider LowCardinality(String),
        request_model LowCardinality(String),
        response_model LowCardinality(String),
        model LowCardinality(String),
        status LowCardinality(String),
        error_type LowCardinality(String),
        duration_ms Float64 CODEC(ZSTD(1)),
        ttft_ms Nullable(Float64),
        input_tokens Nullable(UInt64),
        output_tokens Nullable(UInt64),
        cache_read_tokens Nullable(UInt64),
        cache_creation_tokens Nullable(UInt64),
        reasoning_tokens Nullable(UInt64),
        cost_usd Nullable(Float64),
        cost_basis LowCardinality(String),
        user_id String CODEC(ZSTD(1)),
        session_id String CODEC(ZSTD(1)),
        prompt_version LowCardinality(String),
        tags Array(LowCardinality(String)),
        attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
        resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
        retention_days UInt16 DEFAULT 90,
        ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
      )
      ENGINE = ReplacingMergeTree(ingested_at)
      PARTITION BY toYYYYMM(start_time)
      ORDER BY (project_id, start_time, span_id)
      TTL toDateTime(start_time) + toIntervalDay(retention_days)`,
      `CREATE TABLE IF NOT EXISTS ${db}.api_keys (
        project_id LowCardinality(String),
        key_id String,
        key_hash String,
        name String,
        scopes Array(LowCardinality(String)),
        created_at DateTime64(3, 'UTC') DEFAULT now64(3),
        revoked_at Nullable(DateTime64(3, 'UTC')),
        version UInt64
      )
      ENGINE = ReplacingMergeTree(version)
      ORDER BY (key_hash)`,
    ],
  },
]
