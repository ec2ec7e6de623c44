import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openClickHouseStore } from '../packages/collector/src/storage/clickhouse-store.js'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { type CollectorProcess, killAll, spawnCollector } from './support/collector-process.js'

const KEY = 'durability-key-0123456789abcdef'
const BATCHES = 40
const SPANS_PER_BATCH = 25
const KILL_AFTER_ACKS = 12
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-durability-'))

afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
})

const start = () =>
  spawnCollector({ VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: KEY, VIGIL_WRITER_LINGER_MS: '20' })

interface Batch {
  body: string
  spanIds: string[]
  acknowledgedBy?: CollectorProcess
  attempts: number
}

function makeBatch(n: number): Batch {
  const spans = Array.from({ length: SPANS_PER_BATCH }, (_, i) =>
    makeJsonSpan({ useCase: 'durability', inputTokens: 1000 * n + i, outputTokens: 1 }),
  )
  return {
    body: JSON.stringify(makeJsonTraceRequest(spans)),
    spanIds: spans.map((s) => s.spanId),
    attempts: 0,
  }
}

/**
 * A client that retries the way OTLP exporters do: on network errors and on
 * 429/502/503/504, honouring Retry-After; any other answer fails the test.
 */
async function sendUntilAcknowledged(batch: Batch, target: () => CollectorProcess): Promise<void> {
  for (;;) {
    batch.attempts++
    const collector = target()
    try {
      const response = await fetch(`${collector.url}/v1/traces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: batch.body,
        signal: AbortSignal.timeout(10_000),
      })
      await response.arrayBuffer()
      if (response.status === 200) {
        batch.acknowledgedBy = collector
        return
      }
      if (![429, 502, 503, 504].includes(response.status)) throw new Error(`permanent ${response.status}`)
      // Retry-After in seconds, scaled to tenths so the test stays short.
      await sleep(Number(response.headers.get('retry-after') ?? 1) * 100)
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('permanent')) throw error
      await sleep(100) // connection refused or reset: the collector is down or restarting
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('a collector killed in the middle of a stream of exports', () => {
  it('keeps every acknowledged batch, stores retried ones, and counts nothing twice after a restart', async () => {
    const batches = Array.from({ length: BATCHES }, (_, n) => makeBatch(n))
    let current = await start()
    const first = current
    let restarted: Promise<void> | undefined
    let acknowledged = 0

    // Four concurrent senders, like an app with several exporters in flight.
    const queue = [...batches]
    const sender = async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        await sendUntilAcknowledged(batch, () => current)
        if (++acknowledged === KILL_AFTER_ACKS) {
          // SIGKILL while other exports are being read, decoded or inserted: no shutdown hook runs.
          first.child.kill('SIGKILL')
          restarted = first.exited.then(async () => {
            current = await start()
          })
        }
      }
    }
    await Promise.all([sender(), sender(), sender(), sender()])
    await restarted
    expect(current).not.toBe(first)

    // Acknowledgements lost on the way back: the client sends the first process's batches again.
    const resent = batches.filter((b) => b.acknowledgedBy === first).slice(0, 5)
    expect(resent.length).toBeGreaterThan(0)
    for (const batch of resent) await sendUntilAcknowledged(batch, () => current)

    current.child.kill('SIGINT')
    expect(await current.exited).toBe(0)

    // Read the data dir directly (chDB: one process at a time): raw rows without FINAL.
    const store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } })
    try {
      const query = async (sql: string) => {
        const result = await store.client.query({ query: sql, format: 'JSONEachRow' })
        return (await result.json<Record<string, string | number>>())[0] ?? {}
      }
      const raw = await query(
        "SELECT count() AS rows, uniqExact(span_id) AS spans FROM vigil.calls WHERE use_case = 'durability'",
      )
      const rollup = await query(
        "SELECT sum(calls) AS calls, sum(input_tokens_sum) AS tokens FROM vigil.calls_1m WHERE use_case = 'durability'",
      )
      const total = BATCHES * SPANS_PER_BATCH
      expect(Number(raw.rows)).toBe(total)
      expect(Number(raw.spans)).toBe(total)
      expect(Number(rollup.calls)).toBe(total)
      const tokens = batches.reduce(
        (sum, _, n) => sum + SPANS_PER_BATCH * 1000 * n + (SPANS_PER_BATCH * (SPANS_PER_BATCH - 1)) / 2,
        0,
      )
      expect(Number(rollup.tokens)).toBe(tokens)
      // Every batch the first process acknowledged survived its SIGKILL.
      const firstIds = batches.filter((b) => b.acknowledgedBy === first).flatMap((b) => b.spanIds)
      const kept = await query(
        `SELECT count() AS n FROM vigil.calls WHERE span_id IN (${firstIds.map((id) => `'${id}'`).join(',')})`,
      )
      expect(Number(kept.n)).toBe(firstIds.length)
    } finally {
      await store.close()
    }
    // The kill cut some exports off: they were retried, and arrived once.
    expect(batches.some((b) => b.attempts > 1)).toBe(true)
  }, 120_000)
})
