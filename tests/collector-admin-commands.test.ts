import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { apiClient } from '../packages/collector/src/testing/test-collector.js'
import { killAll, spawnCollector } from './support/collector-process.js'

const main = fileURLToPath(new URL('../packages/collector/dist/main.js', import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-admin-'))
const recomputeDir = mkdtempSync(join(tmpdir(), 'vigil-recompute-'))
const KEY = 'admin-key-0123456789abcdef'
const env = { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: KEY }

afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(recomputeDir, { recursive: true, force: true })
})

async function run(args: string[], extra: Record<string, string> = {}) {
  return promisify(execFile)(process.execPath, [main, ...args], { env: { ...env, ...extra } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  )
}

describe('vigil-collector admin commands', () => {
  it('prints the cluster DDL without connecting', async () => {
    const { code, stdout } = await run(['schema', '--cluster', 'prod'])
    expect(code).toBe(0)
    expect(stdout).toContain("CREATE TABLE IF NOT EXISTS vigil.calls_local ON CLUSTER 'prod'")
    expect(stdout).toContain("ENGINE = Distributed('prod', vigil, calls_local, cityHash64(trace_id))")
  })

  it('refuses to start with VIGIL_MIGRATE=off until `migrate` has run', async () => {
    await expect(spawnCollector({ ...env, VIGIL_MIGRATE: 'off' })).rejects.toThrow(
      /lacks migration\(s\) 1, 2.*vigil-collector migrate/,
    )
    const migrated = await run(['migrate'])
    expect(migrated.stdout).toMatch(/^Applied migrations 1, 2, 3/)
    expect((await run(['migrate'])).stdout).toBe('Schema already up to date.\n')
    const collector = await spawnCollector({ ...env, VIGIL_MIGRATE: 'off' })
    collector.child.kill('SIGINT')
    expect(await collector.exited, collector.output()).toBe(0)
  })
  it("recompute-costs re-prices stored calls on a stopped collector's data dir, and refuses a busy one", async () => {
    const own = { VIGIL_DATA_DIR: recomputeDir }
    const collector = await spawnCollector({ ...env, ...own })
    const api = apiClient(collector.url)
    // Recent: rows older than the retention (90 days) are dropped.
    const startMs = Date.now() - 60 * 60_000
    const from = new Date(startMs - 60 * 60_000).toISOString()
    const to = new Date(startMs + 60 * 60_000).toISOString()
    const span = makeJsonSpan({ model: 'acme-large-1', startMs, inputTokens: 1_000_000, outputTokens: 0 })
    expect((await api.send('POST', '/v1/traces', KEY, makeJsonTraceRequest([span]))).status).toBe(200)
    // Priced after the fact: the stored call has no cost until it is re-priced.
    const put = await api.send('PUT', '/api/v1/prices', KEY, {
      models: { 'acme-large-1': { input: 2, output: 4 } },
    })
    expect(put.status).toBe(200)
    const range = ['--from', from, '--to', to]

    const busy = await run(['recompute-costs', ...range], own)
    expect(busy.code).toBe(1)
    expect(busy.stderr).toMatch(/in use.*only while the collector is stopped/)

    collector.child.kill('SIGINT')
    expect(await collector.exited, collector.output()).toBe(0)
    const bad = await run(['recompute-costs', '--from', to, '--to', from], own)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Invalid --from: must be before --to/)
    const done = await run(['recompute-costs', ...range, '--project', 'default'], own)
    expect(done.stderr).toBe('')
    expect(done.code).toBe(0)
    expect(done.stdout).toMatch(/^Re-priced 1 of 1 calls of project "default"/)

    const restarted = await spawnCollector({ ...env, ...own })
    const summary = await apiClient(restarted.url).send(
      'GET',
      `/api/v1/metrics/summary?from=${from}&to=${to}`,
      KEY,
    )
    expect(await summary.json()).toMatchObject({ calls: 1, costUsd: 2, costUnknownCalls: 0 })
    restarted.child.kill('SIGINT')
    expect(await restarted.exited).toBe(0)
  })

  it('lists recompute-costs in the help, with the stopped-collector condition', async () => {
    const { code, stdout } = await run(['help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/recompute-costs --from <time> --to <time> \[--project <id>\]/)
    expect(stdout).toMatch(/only while the collector is stopped/)
  })
})
