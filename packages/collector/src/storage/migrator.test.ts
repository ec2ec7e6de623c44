import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ClickHouseStore, openClickHouseStore } from './clickhouse-store.js'
import { migrations, SchemaDdl } from './migrations/index.js'
import { migrate, pendingMigrations } from './migrator.js'

let dataDir: string
let store: ClickHouseStore

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-migrator-'))
  store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } })
})

afterAll(async () => {
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function rows<T>(query: string): Promise<T[]> {
  const result = await store.client.query({ query, format: 'JSONEachRow' })
  return result.json<T>()
}

const startMs = Date.now() - 60_000

/** A call as the v1 collector stored it: none of the v2 columns. A span re-sent has the same start. */
function v1Call(spanId: string, inputTokens: number) {
  const start = BigInt(startMs) * 1_000_000n
  return {
    project_id: 'default',
    start_time: start.toString(),
    end_time: (start + 250_000_000n).toString(),
    trace_id: `trace-${spanId}`,
    span_id: spanId,
    use_case: 'legacy',
    model: 'gpt-4o',
    provider: 'openai',
    status: 'ok',
    duration_ms: 250,
    input_tokens: inputTokens,
    cost_usd: 0.01,
  }
}

describe('migrate', () => {
  it('upgrades a v1 data dir in place, rolling its calls up once', async () => {
    expect(await migrate(store, migrations.slice(0, 1))).toEqual([1])
    // Two inserts of one span, as v1 stored a re-sent batch: the backfill must count it once.
    for (const values of [[v1Call('a', 10), v1Call('b', 20)], [v1Call('a', 10)]]) {
      await store.client.insert({ table: 'vigil.calls', values, format: 'JSONEachRow' })
    }

    const ran = await migrate(store)
    expect(ran).toEqual(migrations.slice(1).map((m) => m.version))
    expect(await pendingMigrations(store)).toEqual([])

    const columns = await rows<{ name: string }>(
      "SELECT name FROM system.columns WHERE database = 'vigil' AND table = 'calls'",
    )
    expect(columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['subject_id', 'fallback_attempt', 'cache_hit', 'input_content']),
    )
    const [legacy] = await rows<{ fallback_attempt: number; source: string }>(
      "SELECT fallback_attempt, source FROM vigil.calls WHERE span_id = 'b'",
    )
    expect(legacy).toEqual({ fallback_attempt: 0, source: '' })
    const [rollup] = await rows<{ calls: string; tokens: string }>(
      "SELECT sum(calls) AS calls, sum(input_tokens_sum) AS tokens FROM vigil.calls_1m WHERE use_case = 'legacy'",
    )
    expect({ calls: Number(rollup?.calls), tokens: Number(rollup?.tokens) }).toEqual({ calls: 2, tokens: 30 })
    expect(await perDimensionCalls()).toBe(2)
  })

  /** The legacy use case's calls in the last of the per-dimension chain (calls → 1m → 1h → 1d). */
  const perDimensionCalls = async () => {
    const [row] = await rows<{ calls: string }>(
      "SELECT sum(calls) AS calls FROM vigil.calls_1d_dim WHERE dimension = 'use_case' AND value = 'legacy'",
    )
    return Number(row?.calls)
  }

  it('feeds the rollup from every later insert', async () => {
    await store.client.insert({ table: 'vigil.calls', values: [v1Call('c', 5)], format: 'JSONEachRow' })
    const [rollup] = await rows<{ calls: string }>(
      "SELECT sum(calls) AS calls FROM vigil.calls_1m WHERE use_case = 'legacy'",
    )
    expect(Number(rollup?.calls)).toBe(3)
    expect(await perDimensionCalls()).toBe(3)
  })

  it('survives running every statement again, as after a crash before a migration was recorded', async () => {
    const schema = new SchemaDdl({ database: 'vigil' })
    for (const migration of migrations) {
      for (const statement of migration.statements(schema)) await store.client.command({ query: statement })
    }
    // The backfill ran only while the rollup was empty: nothing was counted twice.
    const [rollup] = await rows<{ calls: string }>(
      "SELECT sum(calls) AS calls FROM vigil.calls_1m WHERE use_case = 'legacy'",
    )
    expect(Number(rollup?.calls)).toBe(3)
    expect(await perDimensionCalls()).toBe(3)
    expect(await migrate(store)).toEqual([])
  })
})
