import { describe, expect, it } from 'vitest'
import { schemaStatements } from './index.js'

const single = schemaStatements({ database: 'vigil' })
const cluster = schemaStatements({ database: 'vigil', cluster: 'vigil_cluster' })

const creating = (statements: string[], table: string) =>
  statements.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${table} `))

describe('schemaStatements', () => {
  it('builds a single node schema with plain MergeTree engines and no cluster DDL', () => {
    const ddl = single.join('\n')
    expect(ddl).not.toMatch(/ON CLUSTER|Replicated|Distributed|_local/)
    expect(creating(single, 'vigil.calls')).toMatch(/ENGINE = ReplacingMergeTree\(ingested_at\)/)
    expect(creating(single, 'vigil.calls_1m')).toMatch(/ENGINE = AggregatingMergeTree\n/)
    expect(single).toContainEqual(
      expect.stringMatching(
        /^CREATE MATERIALIZED VIEW IF NOT EXISTS vigil\.calls_1m_mv TO vigil\.calls_1m\nAS SELECT[\s\S]*FROM vigil\.calls\n/,
      ),
    )
  })

  it('puts the project first in every sort key and a retention TTL on every telemetry table', () => {
    for (const table of ['calls', 'spans', 'logs', 'calls_1m']) {
      const ddl = creating(single, `vigil.${table}`) ?? ''
      expect(ddl, table).toMatch(/ORDER BY \(project_id, /)
      expect(ddl, table).toMatch(/TTL .*toIntervalDay\(retention_days(_max)?\)/)
    }
  })

  it('on a cluster, creates every table ON CLUSTER as a Replicated local table keyed by the shard and replica macros', () => {
    const locals = cluster.filter((s) => /^CREATE TABLE IF NOT EXISTS vigil\.\w+_local /.test(s))
    const tables = locals.map((s) => /vigil\.(\w+)_local/.exec(s)?.[1])
    expect(tables).toEqual(
      expect.arrayContaining(['schema_migrations', 'calls', 'spans', 'logs', 'calls_1m']),
    )
    for (const ddl of locals) {
      const table = /vigil\.(\w+)_local/.exec(ddl)?.[1]
      expect(ddl).toContain(" ON CLUSTER 'vigil_cluster'")
      expect(ddl).toContain(`ENGINE = Replicated`)
      expect(ddl).toContain(`('/clickhouse/tables/{shard}/vigil/${table}_local', '{replica}'`)
      // …and every one has a Distributed table over it under the plain name.
      expect(
        cluster.some((s) => s.includes(`ENGINE = Distributed('vigil_cluster', vigil, ${table}_local, `)),
      ).toBe(true)
    }
    // Nothing but the Distributed tables is created under a plain name.
    const plain = cluster.filter(
      (s) =>
        /^CREATE TABLE IF NOT EXISTS vigil\.\w+ ON/.test(s) &&
        !/^\S+ \S+ \S+ \S+ \S+ vigil\.\w+_local/.test(s),
    )
    expect(plain.every((s) => s.includes('ENGINE = Distributed('))).toBe(true)
    expect(creating(cluster, 'vigil.calls_local')).toMatch(
      /ENGINE = ReplicatedReplacingMergeTree\('[^']+', '\{replica\}', ingested_at\)/,
    )
    expect(creating(cluster, 'vigil.calls_1m_local')).toMatch(
      /ENGINE = ReplicatedAggregatingMergeTree\('[^']+', '\{replica\}'\)/,
    )
  })

  it('on a cluster, reads and writes go through Distributed tables sharded so a retried span meets its copy', () => {
    const distributed = (table: string) =>
      cluster.find((s) =>
        s.startsWith(
          `CREATE TABLE IF NOT EXISTS vigil.${table} ON CLUSTER 'vigil_cluster' AS vigil.${table}_local`,
        ),
      )
    expect(distributed('calls')).toMatch(
      /ENGINE = Distributed\('vigil_cluster', vigil, calls_local, cityHash64\(trace_id\)\)$/,
    )
    expect(distributed('spans')).toMatch(
      /Distributed\('vigil_cluster', vigil, spans_local, cityHash64\(trace_id\)\)$/,
    )
    expect(distributed('logs')).toMatch(/Distributed\('vigil_cluster', vigil, logs_local, .*record_id.*\)$/)
    expect(distributed('calls_1m')).toMatch(/Distributed\('vigil_cluster', vigil, calls_1m_local, /)
  })

  it('on a cluster, the rollup view reads the local calls into the local rollup, and nothing is backfilled', () => {
    const view = cluster.find((s) => s.startsWith('CREATE MATERIALIZED VIEW')) ?? ''
    expect(view).toMatch(
      /^CREATE MATERIALIZED VIEW IF NOT EXISTS vigil\.calls_1m_mv ON CLUSTER 'vigil_cluster' TO vigil\.calls_1m_local\n/,
    )
    expect(view).toMatch(/FROM vigil\.calls_local\n/)
    expect(cluster.some((s) => s.startsWith('INSERT'))).toBe(false)
    expect(single.some((s) => s.startsWith('INSERT INTO vigil.calls_1m'))).toBe(true)
  })

  it('on a cluster, adds columns to both tables but indexes and settings only to the local one', () => {
    const alters = cluster.filter((s) => s.startsWith('ALTER TABLE'))
    expect(alters.every((s) => s.includes(" ON CLUSTER 'vigil_cluster'"))).toBe(true)
    const addColumn = alters.filter((s) => s.includes('ADD COLUMN IF NOT EXISTS subject_id'))
    expect(addColumn.map((s) => /^ALTER TABLE (\S+)/.exec(s)?.[1])).toEqual([
      'vigil.calls_local',
      'vigil.calls',
    ])
    for (const s of alters.filter((s) => /ADD INDEX|MODIFY SETTING|MODIFY COLUMN/.test(s))) {
      expect(s).toMatch(/^ALTER TABLE vigil\.\w+_local /)
    }
    expect(cluster[0]).toBe("CREATE DATABASE IF NOT EXISTS vigil ON CLUSTER 'vigil_cluster'")
  })

  it('gives calls every LlmCall v2 column and bloom filter indexes on its ids', () => {
    const ddl = single.filter((s) => /vigil\.calls\b(?!_)/.test(s)).join('\n')
    for (const column of [
      'subject_id',
      'source',
      'fallback_attempt',
      'fallback_served',
      'cache_hit',
      'input_content',
    ]) {
      expect(ddl).toMatch(new RegExp(`\\b${column} `))
    }
    for (const index of [
      'idx_span_id span_id TYPE bloom_filter',
      'idx_trace_id trace_id TYPE bloom_filter',
      'idx_user_id',
      'idx_subject_id',
    ]) {
      expect(ddl).toContain(index)
    }
    expect(ddl).toMatch(/lower\(input_content\) TYPE tokenbf_v1/)
  })
})
