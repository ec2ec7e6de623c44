import type { Migration } from './migration.js'
import { durableInserts } from './schema-ddl.js'

/**
 * Non-LLM spans (so a trace can be shown whole) and OTLP log records.
 *
 * `spans` is sorted by trace: its main read is "every span of this trace".
 * `logs` is sorted by event name and time: reads ask for one kind of event
 * (GenAI inference details, human signals) in a window. Log records carry no
 * id, so the writer stores a content hash (`record_id`) and uses it to drop
 * records a client sends again; the hash is the last sort key column, so the
 * ReplacingMergeTree collapses any copy that slips through.
 */
export const spansAndLogs: Migration = {
  version: 3,
  name: 'spans and logs',
  statements: (schema) => [
    ...schema.createTable({
      name: 'spans',
      columns: [
        'project_id LowCardinality(String)',
        "start_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1))",
        "end_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1))",
        'trace_id String CODEC(ZSTD(1))',
        'span_id String CODEC(ZSTD(1))',
        'parent_span_id String CODEC(ZSTD(1))',
        'name LowCardinality(String)',
        'kind UInt8',
        'service_name LowCardinality(String)',
        'duration_ms Float64 CODEC(ZSTD(1))',
        'status_code UInt8',
        'status_message String CODEC(ZSTD(1))',
        'scope_name LowCardinality(String)',
        'events String CODEC(ZSTD(3))',
        'attributes Map(LowCardinality(String), String) CODEC(ZSTD(1))',
        'resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1))',
        'retention_days UInt16 DEFAULT 90',
        "ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)",
      ],
      indexes: ['INDEX idx_span_id span_id TYPE bloom_filter(0.001) GRANULARITY 1'],
      engine: 'ReplacingMergeTree',
      engineArgs: 'ingested_at',
      partitionBy: 'toYYYYMM(start_time)',
      orderBy: '(project_id, trace_id, span_id)',
      ttl: 'toDateTime(start_time) + toIntervalDay(retention_days)',
      settings: durableInserts,
      shardingKey: 'cityHash64(trace_id)',
    }),
    ...schema.createTable({
      name: 'logs',
      columns: [
        'project_id LowCardinality(String)',
        "time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1))",
        "observed_time DateTime64(9, 'UTC') CODEC(Delta, ZSTD(1))",
        'trace_id String CODEC(ZSTD(1))',
        'span_id String CODEC(ZSTD(1))',
        'severity_number UInt8',
        'severity_text LowCardinality(String)',
        'event_name LowCardinality(String)',
        'service_name LowCardinality(String)',
        'body String CODEC(ZSTD(3))',
        'attributes Map(LowCardinality(String), String) CODEC(ZSTD(1))',
        'resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1))',
        'record_id String CODEC(ZSTD(1))',
        'retention_days UInt16 DEFAULT 90',
        "ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)",
      ],
      indexes: [
        'INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1',
        'INDEX idx_record_id record_id TYPE bloom_filter(0.001) GRANULARITY 1',
      ],
      engine: 'ReplacingMergeTree',
      engineArgs: 'ingested_at',
      partitionBy: 'toYYYYMM(time)',
      orderBy: '(project_id, event_name, time, record_id)',
      ttl: 'toDateTime(time) + toIntervalDay(retention_days)',
      settings: durableInserts,
      // A trace's records together; records outside a trace spread by content.
      shardingKey: "if(trace_id = '', cityHash64(record_id), cityHash64(trace_id))",
    }),
  ],
}
