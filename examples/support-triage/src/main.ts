/**
 * `pnpm demo`: a fake LLM server, the support-triage app instrumented with
 * Vigil, and a collector (a running one, or an embedded one started here),
 * with traffic until Ctrl-C (or DEMO_SECONDS).
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { type RunningCollector, startCollector } from '@vigil/collector'
import { FakeLlmServer, withOpenAiRoutes } from '@vigil/fake-llm'
import { getStats, init, observeOpenAI, shutdown } from '@vigil/sdk'
import OpenAI from 'openai'
import { reviewDraft } from './agent-review.js'
import { Helpdesk } from './helpdesk.js'
import { SupportTriageApp } from './support-triage-app.js'
import { ticketStream } from './tickets.js'

const endpoint = process.env.VIGIL_ENDPOINT ?? 'http://127.0.0.1:4318'
const seconds = Number(process.env.DEMO_SECONDS ?? 0)
const workers = Number(process.env.DEMO_CONCURRENCY ?? 3)

async function collectorIsUp(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok
  } catch {
    return false
  }
}

async function connect(): Promise<{ url: string; apiKey: string; embedded?: RunningCollector }> {
  if (await collectorIsUp(endpoint)) {
    const apiKey = process.env.VIGIL_API_KEY
    if (!apiKey) {
      console.error(
        `A collector is running at ${endpoint}: set VIGIL_API_KEY to the key it printed, then run the demo again.`,
      )
      process.exit(1)
    }
    return { url: endpoint, apiKey }
  }
  // No collector: run one here on the default data directory, so `pnpm start` shows this data later.
  const apiKey = process.env.VIGIL_API_KEY ?? `demo_${randomBytes(18).toString('base64url')}`
  const port = Number(new URL(endpoint).port || 4318)
  // pnpm runs this in the example's folder; INIT_CWD is where `pnpm demo` was typed.
  const dataDir = process.env.VIGIL_DATA_DIR ?? join(process.env.INIT_CWD ?? process.cwd(), '.vigil')
  const embedded = await startCollector({ port, apiKey, dataDir, logLevel: 'warn' })
  return { url: embedded.url, apiKey, embedded }
}

const percent = (rate: number | null) => `${((rate ?? 0) * 100).toFixed(1).padStart(5)}%`

async function printSummary(url: string, apiKey: string): Promise<void> {
  const from = new Date(Date.now() - 3600_000).toISOString()
  for (const useCase of ['ticket-triage', 'reply-draft', 'kb-search']) {
    const response = await fetch(`${url}/api/v1/metrics/summary?useCase=${useCase}&from=${from}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    })
    if (!response.ok) continue
    const s = (await response.json()) as {
      calls: number
      errorRate: number
      costUsd: number
      latencyMs: { p95: number | null }
      corrections: { rate: number | null }
      feedback: { count: number; positiveRate: number | null }
      escalations: { rate: number | null }
      outcomes: Record<string, { sum: number }>
    }
    console.log(
      `  ${useCase.padEnd(14)} calls ${String(s.calls).padStart(5)}  errors ${percent(s.errorRate)}  ` +
        `cost $${s.costUsd.toFixed(4)}  p95 ${Math.round(s.latencyMs.p95 ?? 0)} ms  ` +
        `corrected ${percent(s.corrections.rate)}  escalated ${percent(s.escalations.rate)}  ` +
        `feedback ${s.feedback.count} (${percent(s.feedback.positiveRate)} positive)  ` +
        `minutes saved ${s.outcomes.minutes_saved?.sum ?? 0}`,
    )
  }
}

async function main(): Promise<void> {
  const random = Math.random
  const llm = withOpenAiRoutes(
    new FakeLlmServer({ latencyMs: [120, 900], chunkDelayMs: 25, errorRate: 0.05, seed: Date.now() }),
  )
  await llm.listen()
  const collector = await connect()
  init({
    endpoint: collector.url,
    apiKey: collector.apiKey,
    serviceName: 'support-triage',
    environment: 'demo',
    scheduledDelayMillis: 1000,
  })

  const openai = observeOpenAI(
    new OpenAI({ baseURL: `${llm.url}/v1`, apiKey: 'demo', maxRetries: 0, timeout: 10_000 }),
  )
  const app = new SupportTriageApp(openai, random)
  const nextTicket = ticketStream(random)
  const helpdesk = new Helpdesk(collector.url, collector.apiKey, random)

  console.log(`\nVigil demo: support-triage app → fake LLM at ${llm.url} → collector at ${collector.url}`)
  if (collector.embedded)
    console.log(`  Collector started here (embedded storage). API key for this run: ${collector.apiKey}`)
  console.log(
    `  Summary: curl -H "Authorization: Bearer ${collector.apiKey}" ${collector.url}/api/v1/metrics/summary`,
  )
  console.log('  Ctrl-C to stop.\n')

  let running = true
  let handled = 0
  let failed = 0
  const worker = async () => {
    while (running) {
      try {
        const ticket = nextTicket()
        const { draft } = await app.handle(ticket)
        // The agent sends the draft (edited or not), the customer may react, the ticket is closed.
        helpdesk.close(ticket, reviewDraft(ticket, draft, random))
        handled++
      } catch {
        failed++ // every step of a chain failed; the span says why
      }
      await new Promise((resolve) => setTimeout(resolve, 100 + random() * 900))
    }
  }
  const report = setInterval(() => {
    const stats = getStats()
    void helpdesk.deliver()
    console.log(
      `tickets handled ${handled}, failed ${failed} · spans exported ${stats.spansExported}, dropped ${stats.spansDropped} · ` +
        `signals exported ${stats.signalsExported} (app), ${helpdesk.delivered} (helpdesk)`,
    )
  }, 5000)

  const stop = async () => {
    if (!running) return
    running = false
    clearInterval(report)
    await Promise.allSettled(pool)
    await helpdesk.deliver()
    const delivered = await shutdown()
    const stats = getStats()
    console.log(`\nStopped after ${handled} tickets; all spans delivered: ${delivered}`)
    console.log(
      `Signals: ${stats.signalsExported} from the app (${stats.signalsInvalid} invalid), ${helpdesk.delivered} from the helpdesk`,
    )
    await printSummary(collector.url, collector.apiKey)
    await collector.embedded?.close()
    await llm.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  const pool = Array.from({ length: workers }, () => worker())
  if (seconds > 0) setTimeout(() => void stop(), seconds * 1000)
}

await main()
