import type { Migration } from './migration.js'
import { durableInserts } from './schema-ddl.js'

/**
 * Calls v2: the LlmCall v2 fields, codecs on the v1 numeric columns, skip
 * indexes for the lookups that do not follow the sort key, and fsync on insert. Existing data dirs
 * get the columns by ALTER (old rows read the defaults); indexes cover new
 * parts at once and old parts as they merge.
 */
export const callsV2: Migration = {
  version: 2,
  name: 'calls v2 columns, codecs, skip indexes; durable inserts',
  statements: (schema) => [
    ...schema.addColumns('calls', [
      'subject_id String CODEC(ZSTD(1))',
      'source LowCardinality(String)',
      'response_id String CODEC(ZSTD(1))',
      'finish_reasons Array(LowCardinality(String))',
      'server_address LowCardinality(String)',
      'fallback_attempt UInt16',
      'fallback_step LowCardinality(String)',
      'fallback_reason LowCardinality(String)',
      'fallback_served UInt8',
      'cache_hit UInt8',
      'stream_abandoned UInt8',
      'input_content String CODEC(ZSTD(3))',
      'output_content String CODEC(ZSTD(3))',
    ]),
    // Codec-only changes rewrite no data: new parts use them, old parts on merge.
    schema.alterStorage('calls', [
      'MODIFY COLUMN ttft_ms Nullable(Float64) CODEC(ZSTD(1))',
      'MODIFY COLUMN input_tokens Nullable(UInt64) CODEC(T64, ZSTD(1))',
      'MODIFY COLUMN output_tokens Nullable(UInt64) CODEC(T64, ZSTD(1))',
      'MODIFY COLUMN cache_read_tokens Nullable(UInt64) CODEC(T64, ZSTD(1))',
      'MODIFY COLUMN cache_creation_tokens Nullable(UInt64) CODEC(T64, ZSTD(1))',
      'MODIFY COLUMN reasoning_tokens Nullable(UInt64) CODEC(T64, ZSTD(1))',
      'MODIFY COLUMN cost_usd Nullable(Float64) CODEC(ZSTD(1))',
    ]),
    schema.alterStorage('calls', [
      // The writer's "already stored?" check and the trace view look spans up by id
      // within a time range; ids are random, so only a bloom filter can skip granules.
      'ADD INDEX IF NOT EXISTS idx_span_id span_id TYPE bloom_filter(0.001) GRANULARITY 1',
      'ADD INDEX IF NOT EXISTS idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1',
      // "All calls of this user / ticket / session": needles in a project's haystack.
      'ADD INDEX IF NOT EXISTS idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 1',
      'ADD INDEX IF NOT EXISTS idx_subject_id subject_id TYPE bloom_filter(0.01) GRANULARITY 1',
      'ADD INDEX IF NOT EXISTS idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 1',
      // Content search: `hasToken(lower(input_content), 'term')` skips granules
      // without the token. Pays for rare terms (ids, error strings), not for words
      // every prompt contains; lower() so the search is case-insensitive.
      'ADD INDEX IF NOT EXISTS idx_input_content lower(input_content) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1',
      'ADD INDEX IF NOT EXISTS idx_output_content lower(output_content) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1',
    ]),
    schema.alterStorage('calls', [`MODIFY SETTING ${durableInserts}`]),
    // A key is shown once: losing its row to a power cut would lock the owner out.
    schema.alterStorage('api_keys', [`MODIFY SETTING ${durableInserts}`]),
  ],
}
