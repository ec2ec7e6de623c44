import { describe, expect, it } from 'vitest'
import { schemaStatements } from './index.js'

const creating = (statements: string[], table: string) =>
  statements.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS ${table} `)) ?? ''

describe('migration 9: signals', () => {
  it('keys signals by project, kind and idempotency key, with no time partition, so a re-send collapses whatever its time', () => {
    const ddl = creating(schemaStatements({ database: 'vigil' }), 'vigil.signals')
    expect(ddl).toMatch(
      /ENGINE = ReplacingMergeTree\(ingested_at\)\nORDER BY \(project_id, kind, idempotency_key\)/,
    )
    expect(ddl).not.toMatch(/PARTITION BY/)
    expect(ddl).toMatch(/TTL toDateTime\(time\) \+ toIntervalDay\(retention_days\)/)
    expect(ddl).toMatch(/value Nullable\(Float64\)/)
    for (const index of ['idx_span_id span_id', 'idx_trace_id trace_id', 'idx_subject_id subject_id'])
      expect(ddl).toContain(index)
  })

  it('on a cluster, shards by the same key, so a re-send meets its first copy', () => {
    const cluster = schemaStatements({ database: 'vigil', cluster: 'c' })
    expect(creating(cluster, 'vigil.signals_local')).toMatch(/ENGINE = ReplicatedReplacingMergeTree\(/)
    expect(cluster).toContainEqual(
      expect.stringMatching(
        /^CREATE TABLE IF NOT EXISTS vigil\.signals ON CLUSTER 'c' AS vigil\.signals_local\nENGINE = Distributed\('c', vigil, signals_local, cityHash64\(project_id, kind, idempotency_key\)\)$/,
      ),
    )
  })
})
