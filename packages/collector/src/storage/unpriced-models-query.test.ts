import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ClickHouseStore, openClickHouseStore } from './clickhouse-store.js'
import { migrate } from './migrator.js'
import { queryUnpricedModels } from './unpriced-models-query.js'

let dataDir: string
let store: ClickHouseStore
const now = Date.now()

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-unpriced-'))
  store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } })
  await migrate(store)
  const call = (spanId: string, model: string, ageMs: number, usage: boolean, cost: number | null) => ({
    project_id: 'default',
    start_time: String(BigInt(now - ageMs) * 1_000_000n),
    span_id: spanId,
    model,
    provider: 'acme',
    input_tokens: usage ? 10 : null,
    cost_usd: cost,
  })
  await store.client.insert({
    table: 'vigil.calls',
    values: [
      call('a', 'acme-large', 60_000, true, null),
      call('b', 'acme-large', 30_000, true, null),
      call('c', 'acme-large', 10_000, false, null), // no usage reported
      call('d', 'acme-small', 20_000, false, null),
      call('e', 'gpt-4o', 20_000, true, 0.01), // priced
      call('f', 'acme-old', 3 * 86_400_000, true, null), // outside the window
    ],
    format: 'JSONEachRow',
  })
  // Stored twice (two collectors took the same retry): counts once.
  await store.client.insert({
    table: 'vigil.calls',
    values: [call('a', 'acme-large', 60_000, true, null)],
    format: 'JSONEachRow',
  })
})

afterAll(async () => {
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('queryUnpricedModels', () => {
  it('lists models without a cost in the window, busiest first, telling missing prices from missing usage', async () => {
    const models = await queryUnpricedModels(store, {
      projectId: 'default',
      from: new Date(now - 86_400_000),
      to: new Date(now),
    })
    expect(models).toEqual([
      {
        model: 'acme-large',
        provider: 'acme',
        calls: 3,
        callsWithUsage: 2,
        lastSeen: new Date(now - 10_000).toISOString(),
      },
      {
        model: 'acme-small',
        provider: 'acme',
        calls: 1,
        callsWithUsage: 0,
        lastSeen: new Date(now - 20_000).toISOString(),
      },
    ])
  })

  it("reads only the caller's project", async () => {
    const models = await queryUnpricedModels(store, {
      projectId: 'other',
      from: new Date(now - 86_400_000),
      to: new Date(now),
    })
    expect(models).toEqual([])
  })
})
