import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startCollector } from '@vigil/collector'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)

interface Oversight {
  corrections: { count: number }
  feedback: { count: number }
  scores: Record<string, { count: number }>
  outcomes: Record<string, { count: number; sum: number }>
  signals: { received: number; orphaned: number }
}
const demo = fileURLToPath(new URL('../examples/support-triage/src/main.ts', import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-demo-'))
const apiKey = 'demo-test-key-0123456789'

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('the demo (pnpm demo)', () => {
  it('streams realistic traffic into an embedded collector that the summary API then reports', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', demo], {
      cwd: fileURLToPath(new URL('../examples/support-triage', import.meta.url)),
      env: {
        ...process.env,
        DEMO_SECONDS: '6',
        DEMO_CONCURRENCY: '4',
        VIGIL_ENDPOINT: 'http://127.0.0.1:0',
        VIGIL_DATA_DIR: dataDir,
        VIGIL_API_KEY: apiKey,
      },
      timeout: 60_000,
    })
    expect(stdout).toMatch(/all spans delivered: true/)
    expect(stdout).toMatch(/Signals: [1-9]\d* from the app \(0 invalid\), [1-9]\d* from the helpdesk/)

    // Reopen the demo's data as a user would with `pnpm start`.
    const collector = await startCollector({ port: 0, dataDir, apiKey, logLevel: 'silent' })
    try {
      const get = async (query: string) => {
        const response = await fetch(`${collector.url}/api/v1/metrics/summary?${query}`, {
          headers: { authorization: `Bearer ${apiKey}` },
        })
        expect(response.status).toBe(200)
        return (await response.json()) as Oversight
      }
      // What the agents, customers, the judge and the helpdesk said about the drafts.
      const drafts = await get('useCase=reply-draft')
      expect(drafts.scores.relevance?.count).toBeGreaterThan(0)
      expect(drafts.outcomes.ticket_resolved?.count).toBeGreaterThan(0)
      expect(drafts.outcomes.minutes_saved?.sum).toBeGreaterThan(0)
      expect(drafts.corrections.count + drafts.feedback.count).toBeGreaterThan(0)
      // The helpdesk names tickets, the app calls: every signal found its calls.
      const all = await get('')
      expect(all.signals.received).toBeGreaterThan(0)
      expect(all.signals.orphaned).toBe(0)
      for (const useCase of ['ticket-triage', 'reply-draft', 'kb-search']) {
        const response = await fetch(`${collector.url}/api/v1/metrics/summary?useCase=${useCase}`, {
          headers: { authorization: `Bearer ${apiKey}` },
        })
        const summary = (await response.json()) as {
          calls: number
          costUsd: number
          tokens: { input: number }
        }
        expect(summary.calls, useCase).toBeGreaterThan(0)
        expect(summary.tokens.input, useCase).toBeGreaterThan(0)
      }
    } finally {
      await collector.close()
    }
  })
})
