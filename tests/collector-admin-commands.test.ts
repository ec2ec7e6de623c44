import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { killAll, spawnCollector } from './support/collector-process.js'

const main = fileURLToPath(new URL('../packages/collector/dist/main.js', import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-admin-'))
const env = { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: 'admin-key-0123456789abcdef' }

afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
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
})
