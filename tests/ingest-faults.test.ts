import { afterAll, describe, expect, it } from 'vitest'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'

const KEY = 'faults-key-0123456789abcdef'
const DAY_MS = 24 * 60 * 60 * 1000
const collector = useTestCollector({
  name: 'faults',
  apiKey: KEY,
  retentionDays: 30,
  writer: { lingerMs: 10 },
})

afterAll(async () => {
  await collector.projectSettings.setRetentionDays('default', null).catch(() => {})
})

function exportBody(useCase: string, count: number, options: { startMs?: number } = {}): string {
  const spans = Array.from({ length: count }, () =>
    makeJsonSpan({ useCase, inputTokens: 100, outputTokens: 10, startMs: options.startMs }),
  )
  return JSON.stringify(makeJsonTraceRequest(spans))
}

function post(body: string) {
  return fetch(`${collector.url}/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body,
  })
}

async function one(sql: string): Promise<number> {
  const result = await collector.store.client.query({ query: sql, format: 'JSONEachRow' })
  const [row] = await result.json<{ n: string | number | null }>()
  return Number(row?.n ?? 0)
}

/** Raw rows (no FINAL: a duplicate would show) and the per-minute rollup's count. */
async function counted(useCase: string) {
  return {
    raw: await one(`SELECT count() AS n FROM vigil.calls WHERE use_case = '${useCase}'`),
    rollup: await one(`SELECT sum(calls) AS n FROM vigil.calls_1m WHERE use_case = '${useCase}'`),
  }
}

const command = (query: string) => collector.store.client.command({ query })

describe('ingest when storage fails', () => {
  it('answers 503 + Retry-After while a table is gone, stays up, and stores again once it is back', async () => {
    const failedBefore = collector.writer.stats.requestsFailed
    const body = exportBody('outage', 4)
    // The lookup of stored rows fails: the calls table is detached.
    await command('DETACH TABLE vigil.calls')
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const response = await post(body)
        expect(response.status).toBe(503)
        expect(response.headers.get('retry-after')).toBe('1')
        const health = await fetch(`${collector.url}/healthz`)
        expect(health.status).toBe(200) // the process is up; only writes fail
      }
    } finally {
      await command('ATTACH TABLE vigil.calls')
    }
    // The insert itself fails: its materialized view's target is detached.
    await command('DETACH TABLE vigil.calls_1m')
    try {
      expect((await post(body)).status).toBe(503)
    } finally {
      await command('ATTACH TABLE vigil.calls_1m')
    }
    expect(await counted('outage')).toEqual({ raw: 0, rollup: 0 })

    // No restart: the client's retry and new exports succeed.
    expect((await post(body)).status).toBe(200)
    expect((await post(exportBody('outage', 2))).status).toBe(200)
    expect(await counted('outage')).toEqual({ raw: 6, rollup: 6 })
    expect(collector.writer.stats.requestsFailed - failedBefore).toBe(4)
  })
})

describe('a batch sent again after a lost acknowledgement', () => {
  it('is counted once in raw rows, in the rollup and in the summary', async () => {
    const body = exportBody('resent', 5)
    for (let i = 0; i < 3; i++) expect((await post(body)).status).toBe(200)
    expect(await counted('resent')).toEqual({ raw: 5, rollup: 5 })
    const summary = await collector.send('GET', '/api/v1/metrics/summary?useCase=resent', KEY)
    expect(await summary.json()).toMatchObject({ calls: 5, tokens: { input: 500, output: 50 } })
    expect(collector.writer.stats.tables.calls.duplicatesRecent).toBeGreaterThanOrEqual(10)
  })
})

describe('retention', () => {
  it("stamps rows with the project's retention, and the TTL drops rows past it", async () => {
    const old = Date.now() - 10 * DAY_MS
    // Stored under the default retention (VIGIL_RETENTION_DAYS, here 30 days).
    expect((await post(exportBody('ttl-default', 2, { startMs: old }))).status).toBe(200)
    await collector.projectSettings.setRetentionDays('default', 7)
    expect((await post(exportBody('ttl-recent', 1))).status).toBe(200)
    // Five minutes apart from the first old ones, so they land in another rollup row.
    expect((await post(exportBody('ttl-short', 3, { startMs: old - 5 * 60_000 }))).status).toBe(200)

    const days = (useCase: string) =>
      one(`SELECT any(retention_days) AS n FROM vigil.calls WHERE use_case = '${useCase}'`)
    expect(await days('ttl-default')).toBe(30)
    expect(await days('ttl-recent')).toBe(7)

    // TTL applies when a part is written or merged; force a merge rather than wait for one.
    await command('OPTIMIZE TABLE vigil.calls FINAL')
    await command('OPTIMIZE TABLE vigil.calls_1m FINAL')
    expect(await counted('ttl-default')).toEqual({ raw: 2, rollup: 2 })
    expect(await counted('ttl-recent')).toEqual({ raw: 1, rollup: 1 })
    expect(await counted('ttl-short')).toEqual({ raw: 0, rollup: 0 })
  })
})
