import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'

// The built entry point, as `pnpm start` runs it (the test command builds first).
const main = fileURLToPath(new URL('../packages/collector/dist/main.js', import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-process-'))
const running = new Set<ChildProcess>()

afterAll(() => {
  for (const child of running) child.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

interface Started {
  child: ChildProcess
  url: string
  output: () => string
}

async function startProcess(env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      VIGIL_PORT: '0',
      VIGIL_DATA_DIR: dataDir,
      VIGIL_LOG_LEVEL: 'warn',
      VIGIL_API_KEY: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  child.on('exit', () => running.delete(child))
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start:\n${output}`)), 30_000)
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1] && output.includes('Dashboard:')) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', check)
    child.on('exit', (code) => reject(new Error(`collector exited with ${code}:\n${output}`)))
  })
  return { child, url, output: () => output }
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code))
    child.kill('SIGINT')
  })
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
    expect(await stop(first.child)).toBe(0)
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
    expect(await stop(second.child)).toBe(0)
  })

  it('refuses to start on a bad setting, naming it', async () => {
    await expect(startProcess({ VIGIL_PORT: 'eighty' })).rejects.toThrow(/VIGIL_PORT/)
  })
})
