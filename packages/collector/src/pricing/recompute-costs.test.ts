import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { type ClickHouseStore, openClickHouseStore } from '../storage/clickhouse-store.js'
import { migrate } from '../storage/migrator.js'
import { PricingService } from './pricing-service.js'
import { rebuildCallRollup } from './rebuild-call-rollup.js'
import { recomputeCosts } from './recompute-costs.js'

let store: ClickHouseStore
let dataDir: string
const MINUTE = Date.parse('2026-11-20T10:15:00Z')

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-recompute-'))
  store = openClickHouseStore(loadConfig({ dataDir }, {}))
  await migrate(store)
})

afterAll(async () => {
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

interface CallSpec {
  project: string
  model: string
  atMs: number
  input: number | null
  output: number | null
  cost: number | null
  basis: string
  durationMs?: number
}

/** A stored call as the writer inserts it (the per-minute view fires on this insert). */
function call(spec: CallSpec) {
  return {
    project_id: spec.project,
    start_time: `${BigInt(spec.atMs) * 1_000_000n}`,
    end_time: `${BigInt(spec.atMs + 100) * 1_000_000n}`,
    trace_id: randomBytes(16).toString('hex'),
    span_id: randomBytes(8).toString('hex'),
    model: spec.model,
    provider: 'test',
    status: 'ok',
    duration_ms: spec.durationMs ?? 100,
    input_tokens: spec.input,
    output_tokens: spec.output,
    cost_usd: spec.cost,
    cost_basis: spec.basis,
  }
}

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await store.client.query({ query, query_params: params, format: 'JSONEachRow' })
  return result.json<T>()
}

const rollup = (project: string, table = 'calls_1m') =>
  rows<{ calls: string; cost: number; unknown: string }>(
    `SELECT sum(calls) AS calls, sum(cost_usd_sum) AS cost, sum(cost_unknown_calls) AS unknown
     FROM ${store.table(table)} WHERE project_id = {project:String}${
       // A per-dimension rollup holds each call once per dimension.
       table.endsWith('_dim') ? " AND dimension = 'model'" : ''
     }`,
    { project },
  ).then(([row]) => ({ calls: Number(row?.calls), cost: Number(row?.cost), unknown: Number(row?.unknown) }))

/** Every rollup the views fill, with all, none and each of the dimensions. */
const rollupTables = ['1m', '1h', '1d'].flatMap((level) =>
  ['', '_all', '_dim'].map((shape) => `calls_${level}${shape}`),
)

describe('recomputeCosts', () => {
  const range = { projectId: 'p1', from: new Date(MINUTE - 3_600_000), to: new Date(MINUTE + 3_600_000) }

  beforeAll(async () => {
    await store.client.insert({
      table: store.table('calls'),
      values: [
        call({
          project: 'p1',
          model: 'gpt-4o',
          atMs: MINUTE + 1_000,
          input: 1000,
          output: 500,
          cost: 0.0075,
          basis: 'catalog:old',
        }),
        call({
          project: 'p1',
          model: 'acme-llm',
          atMs: MINUTE + 2_000,
          input: 1000,
          output: 500,
          cost: null,
          basis: 'unknown',
        }),
        call({
          project: 'p1',
          model: 'acme-llm',
          atMs: MINUTE + 65_000,
          input: 2000,
          output: 0,
          cost: null,
          basis: 'unknown',
        }),
        call({
          project: 'p1',
          model: 'acme-llm',
          atMs: MINUTE + 3_000,
          input: 10,
          output: 10,
          cost: 0.5,
          basis: 'sdk',
        }),
        call({
          project: 'p1',
          model: 'retired-model',
          atMs: MINUTE + 4_000,
          input: 10,
          output: 10,
          cost: 0.1,
          basis: 'catalog:old',
        }),
        call({
          project: 'p2',
          model: 'acme-llm',
          atMs: MINUTE + 1_000,
          input: 1000,
          output: 500,
          cost: null,
          basis: 'unknown',
        }),
      ],
      format: 'JSONEachRow',
    })
  })

  it('re-prices with the project overrides, keeps app-supplied costs, and leaves other projects alone', async () => {
    const pricing = new PricingService(store)
    const { overrides } = await pricing.replaceOverrides(
      'p1',
      { 'acme-llm': { input: 1, output: 2 } },
      'test',
    )
    const catalog = await pricing.forProject('p1')
    const result = await recomputeCosts(store, catalog, range, {
      batchRows: 2, // three pages: exercises the keyset paging
      rebuildRollup: (window) => rebuildCallRollup(store, window),
    })
    expect(result).toMatchObject({
      scanned: 5,
      repriced: 3,
      unchanged: 0,
      keptSdk: 1,
      keptWithoutPrice: 1,
      unknown: 0,
    })
    // Minutes holding repriced calls: 10:15 and 10:16, so the window is [10:15, 10:17).
    expect(result.rebuilt).toEqual({ from: '2026-11-20T10:15:00.000Z', to: '2026-11-20T10:17:00.000Z' })

    const stored = await rows<{
      model: string
      input_tokens: string
      cost_usd: number | null
      cost_basis: string
    }>(
      `SELECT model, input_tokens, cost_usd, cost_basis FROM ${store.table('calls')} FINAL
       WHERE project_id = 'p1' ORDER BY start_time`,
    )
    expect(stored).toHaveLength(5) // one row per call: the new versions replaced the old
    expect(stored.map((r) => [r.model, r.cost_basis])).toEqual([
      ['gpt-4o', `catalog:${catalog.version}`],
      ['acme-llm', `override:${overrides.version}`],
      ['acme-llm', 'sdk'],
      ['retired-model', 'catalog:old'],
      ['acme-llm', `override:${overrides.version}`],
    ])
    // gpt-4o: 1000 × 2.5 + 500 × 10 = 7500 µ$ (same cost, new basis); acme: 1000 × 1 + 500 × 2 = 2000 µ$;
    // acme at 10:16: 2000 × 1 = 2000 µ$; the sdk cost stays 0.5; the model no longer priced keeps its 0.1.
    expect(stored.map((r) => r.cost_usd)).toEqual([0.0075, 0.002, 0.5, 0.1, 0.002])

    const [other] = await rows<{ cost_usd: number | null; cost_basis: string }>(
      `SELECT cost_usd, cost_basis FROM ${store.table('calls')} FINAL WHERE project_id = 'p2'`,
    )
    expect(other).toEqual({ cost_usd: null, cost_basis: 'unknown' })
  })

  it('leaves every rollup agreeing with the raw calls: counted once, new costs', async () => {
    for (const table of rollupTables) {
      expect(await rollup('p1', table), table).toEqual({
        calls: 5,
        cost: expect.closeTo(0.6115, 12),
        unknown: 0,
      })
      expect(await rollup('p2', table), table).toEqual({ calls: 1, cost: 0, unknown: 1 })
    }
  })

  it('is idempotent: a second run finds nothing to change', async () => {
    const catalog = await new PricingService(store).forProject('p1')
    const result = await recomputeCosts(store, catalog, range, {
      rebuildRollup: (window) => rebuildCallRollup(store, window),
    })
    expect(result).toMatchObject({ scanned: 5, repriced: 0, unchanged: 3, keptSdk: 1, rebuilt: null })
    expect((await rollup('p1')).calls).toBe(5)
  })
})
