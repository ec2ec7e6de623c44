import type { Migration } from './migration.js'
import { durableInserts } from './schema-ddl.js'

/**
 * Human-oversight signals: corrections, feedback, scores, escalations and
 * outcomes (ingest/signal-row.ts), from the SDK, any OTLP sender and
 * `POST /api/v1/signals`.
 *
 * The sort key ends with the idempotency key, and there is no time partition,
 * on purpose: a re-sent signal must meet its first copy even when sent again
 * with another time (ReplacingMergeTree collapses rows only within one
 * partition). The writer drops re-sends before the insert (looked up by that
 * key); the engine collapses any copy that slips through a race. Reads go by
 * project, and join to `calls` by span, trace or subject id (bloom filters
 * here too); signals are a small fraction of calls, so the lack of a time
 * order costs little. `value` is Nullable: an escalation has none, and "none"
 * must not read as 0 in a mean.
 */
export const signals: Migration = {
  version: 9,
  name: 'human oversight signals',
  statements: (schema) => [
    ...schema.createTable({
      name: 'signals',
      columns: [
        'project_id LowCardinality(String)',
        "time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1))",
        'kind LowCardinality(String)',
        'idempotency_key String CODEC(ZSTD(1))',
        'trace_id String CODEC(ZSTD(1))',
        'span_id String CODEC(ZSTD(1))',
        'subject_id String CODEC(ZSTD(1))',
        'use_case LowCardinality(String)',
        'name LowCardinality(String)',
        'value Nullable(Float64) CODEC(ZSTD(1))',
        'source LowCardinality(String)',
        'author String CODEC(ZSTD(1))',
        'reason String CODEC(ZSTD(3))',
        'comment String CODEC(ZSTD(3))',
        'corrected_text String CODEC(ZSTD(3))',
        'via LowCardinality(String)',
        'service_name LowCardinality(String)',
        'attributes Map(LowCardinality(String), String) CODEC(ZSTD(1))',
        'retention_days UInt16 DEFAULT 90',
        "ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)",
      ],
      indexes: [
        'INDEX idx_time time TYPE minmax GRANULARITY 1',
        'INDEX idx_span_id span_id TYPE bloom_filter(0.001) GRANULARITY 1',
        'INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1',
        'INDEX idx_subject_id subject_id TYPE bloom_filter(0.01) GRANULARITY 1',
      ],
      engine: 'ReplacingMergeTree',
      engineArgs: 'ingested_at',
      orderBy: '(project_id, kind, idempotency_key)',
      ttl: 'toDateTime(time) + toIntervalDay(retention_days)',
      settings: durableInserts,
      // A re-sent signal must reach the shard holding its first copy.
      shardingKey: 'cityHash64(project_id, kind, idempotency_key)',
    }),
  ],
}
