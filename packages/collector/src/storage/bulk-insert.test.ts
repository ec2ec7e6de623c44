import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonBulkInsert } from './bulk-insert.js'
import { type ClickHouseStore, openClickHouseStore } from './clickhouse-store.js'

let dataDir: string
let store: ClickHouseStore

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-bulk-insert-'))
  store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } })
  await store.client.command({ query: 'CREATE DATABASE IF NOT EXISTS vigil' })
  for (const name of ['native_rows', 'json_rows']) {
    await store.client.command({
      query: `CREATE TABLE vigil.${name} (
        id UInt32,
        name LowCardinality(String),
        text String,
        at DateTime64(9, 'UTC'),
        at_ms DateTime64(3, 'UTC'),
        duration Float64,
        tokens Nullable(UInt64),
        cost Nullable(Float64),
        flag UInt8,
        attempt UInt16,
        tags Array(LowCardinality(String)),
        attributes Map(LowCardinality(String), String),
        retention_days UInt16 DEFAULT 90,
        inserted_at DateTime64(3, 'UTC') DEFAULT now64(3),
        doubled UInt64 MATERIALIZED id * 2
      ) ENGINE = MergeTree ORDER BY id`,
    })
  }
})

afterAll(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const long = `${'x'.repeat(127)}é` // 129 bytes: the length prefix needs two bytes
const rows = [
  {
    id: 1,
    name: 'gpt-4o',
    text: 'plain ascii',
    at: '1795680136284123456',
    duration: 312.5,
    tokens: 9_007_199_254_740_991, // 2^53 - 1: the largest integer a JS number holds exactly
    cost: 0.000_123,
    flag: 1,
    attempt: 65_535,
    tags: ['a', 'b'],
    attributes: { 'gen_ai.request.model': 'gpt-4o', 'x.note': 'tab\tnewline\nquote\'"' },
  },
  {
    id: 2,
    name: 'claude-sonnet-4-5',
    text: 'ünïcödé — 日本語 😀',
    at: '1700000000000000001',
    duration: 0,
    tokens: null,
    cost: null,
    flag: 0,
    attempt: 0,
    tags: [],
    attributes: {},
  },
  {
    id: 3,
    name: '',
    text: long + 'y'.repeat(70_000),
    at: '1795680136284000000',
    duration: -1.5e-300,
    tokens: 0,
    cost: 0,
    flag: 1,
    attempt: 2,
    tags: ['😀'],
    attributes: { ключ: long },
  },
]

async function read(table: string): Promise<Record<string, unknown>[]> {
  const result = await store.client.query({
    query: `SELECT * EXCEPT inserted_at, doubled FROM vigil.${table} ORDER BY id`,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  })
  return result.json()
}

describe('bulk insert', () => {
  it('stores through a Native block exactly what JSONEachRow stores', async () => {
    await store.insertRows('vigil.native_rows', rows)
    await jsonBulkInsert(store.client)('vigil.json_rows', rows)
    const native = await read('native_rows')
    expect(native).toEqual(await read('json_rows'))
    expect(native[0]).toMatchObject({
      at: '2026-11-26 08:02:16.284123456',
      tokens: 9_007_199_254_740_991,
      attempt: 65_535,
      retention_days: 90,
      attributes: { 'x.note': 'tab\tnewline\nquote\'"' },
    })
    expect(native[1]).toMatchObject({
      text: 'ünïcödé — 日本語 😀',
      tokens: null,
      cost: null,
      tags: [],
      attributes: {},
    })
    expect(String(native[2]?.text).length).toBe(long.length + 70_000)
    expect(native[2]?.attributes).toEqual({ ключ: long })
  })

  it('fills DEFAULT and MATERIALIZED columns itself and leaves no staging file behind', async () => {
    const before = Date.now()
    await store.insertRows('vigil.native_rows', [{ ...rows[0], id: 10, at_ms: '1795680136284987654' }])
    const result = await store.client.query({
      query:
        'SELECT retention_days, doubled, toUnixTimestamp64Milli(inserted_at) AS ms, toString(at_ms) AS at_ms FROM vigil.native_rows WHERE id = 10',
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    })
    const [row] = await result.json<{ retention_days: number; doubled: number; ms: number; at_ms: string }>()
    // Times are nanoseconds in every row; a millisecond column keeps the milliseconds.
    expect(row?.at_ms).toBe('2026-11-26 08:02:16.284')
    expect(row?.retention_days).toBe(90)
    expect(row?.doubled).toBe(20)
    expect(row?.ms).toBeGreaterThanOrEqual(before - 1000)
    expect(readdirSync(join(dataDir, 'staging'))).toEqual([])
  })

  it('rejects a batch the table cannot take and stores none of it', async () => {
    await expect(store.insertRows('vigil.missing_table', rows)).rejects.toThrow(/missing_table/)
    const bad = [
      { ...rows[0], id: 20 },
      { ...rows[0], id: 21, at: 'not a time' },
    ]
    await expect(store.insertRows('vigil.native_rows', bad)).rejects.toThrow()
    const count = await store.client.query({
      query: 'SELECT count() AS n FROM vigil.native_rows WHERE id IN (20, 21)',
      format: 'JSONEachRow',
    })
    expect(Number((await count.json<{ n: number | string }>())[0]?.n)).toBe(0)
    expect(readdirSync(join(dataDir, 'staging'))).toEqual([])
  })
})
