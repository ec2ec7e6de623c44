import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { type CollectorProcess, killAll, spawnCollector } from './support/collector-process.js'

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-process-'))

afterAll(() => {
  killAll()
  rmSync(dataDir, { recursive: true, force: true })
})

/** `pnpm start` on this test's data dir, without VIGIL_API_KEY so the collector manages its own key. */
const startProcess = (env: Record<string, string> = {}) =>
  spawnCollector({ VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: '', ...env })

function stop(collector: CollectorProcess): Promise<number | null> {
  collector.child.kill('SIGINT')
  return collector.exited
}

describe('the collector process (pnpm start)', () => {
  let key = ''

  it('creates and prints a key on the first start, stores a call, and stops cleanly on Ctrl-C', async () => {
    const first = await startProcess()
    const match = /API key \(shown once[^)]*\): (vgl_\S+)/.exec(first.output())
    expect(match, first.output()).not.toBeNull()
    key = match?.[1] ?? ''
    const response = await fetch(`${first.url}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(makeJsonTraceRequest([makeJsonSpan({ useCase: 'persisted', inputTokens: 10 })])),
    })
    expect(response.status).toBe(200)
    expect(await stop(first)).toBe(0)
  })

  it('keeps data and the key across a restart, and never prints the key again', async () => {
    const second = await startProcess()
    expect(second.output()).not.toMatch(/vgl_/)
    expect(second.output()).toMatch(/created at the first start/)
    const response = await fetch(`${second.url}/api/v1/metrics/summary?useCase=persisted`, {
      headers: { authorization: `Bearer ${key}` },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ calls: 1, tokens: { input: 10 } })
    expect(await stop(second)).toBe(0)
  })

  it('refuses to start on a bad setting, naming it', async () => {
    await expect(startProcess({ VIGIL_PORT: 'eighty' })).rejects.toThrow(/VIGIL_PORT/)
  })
})
