/**
 * bench/sdk-overhead: CPU time the SDK adds per wrapped call, against the bare
 * call on the same client in the same run, and heap growth over many calls.
 *
 *   npx pnpm@10.34.8 bench:sdk            (CALLS=1000000 ROUNDS=30 to change the run)
 *
 * Rounds alternate bare and wrapped batches so machine noise hits both; the
 * reported number is the median over rounds of (wrapped − bare) CPU per call.
 * Export is real: spans go through Vigil's queue and OTLP/protobuf exporter to a
 * loopback sink in another process (its CPU is not counted; the client's is).
 */
import { fork } from 'node:child_process'
import { flush, getStats, init, observe, observeOpenAI, shutdown } from '@vigil/sdk'
import type OpenAI from 'openai'
import { cannedOpenAI } from './canned-openai.js'

const ROUNDS = Number(process.env.ROUNDS ?? 30)
const BATCH = Number(process.env.BATCH ?? 2000)
const HEAP_CALLS = Number(process.env.CALLS ?? 1_000_000)
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

type Call = (client: OpenAI) => Promise<unknown>
const request = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Where is my invoice?' }],
}

const plainCall: Call = (client) => client.chat.completions.create(request)
const streamCall: Call = async (client) => {
  const stream = await client.chat.completions.create({ ...request, stream: true })
  let chunks = 0
  for await (const _ of stream) chunks++
  return chunks
}
const observedCall: Call = (client) =>
  observe({ provider: 'openai', model: 'gpt-4o-mini', useCase: 'bench' }, async (call) => {
    const response = await client.chat.completions.create(request)
    call.setUsage({
      inputTokens: response.usage?.prompt_tokens,
      outputTokens: response.usage?.completion_tokens,
    })
    return response
  })

function cpuMicros(): number {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

async function timeBatch(client: OpenAI, call: Call): Promise<number> {
  const start = cpuMicros()
  for (let i = 0; i < BATCH; i++) await call(client)
  return (cpuMicros() - start) / BATCH
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

async function compare(name: string, bare: Call, wrapped: Call, bareClient: OpenAI, wrappedClient: OpenAI) {
  for (let i = 0; i < 3; i++) {
    await timeBatch(bareClient, bare)
    await timeBatch(wrappedClient, wrapped)
  }
  const bareTimes: number[] = []
  const added: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const b = await timeBatch(bareClient, bare)
    const w = await timeBatch(wrappedClient, wrapped)
    bareTimes.push(b)
    added.push(w - b)
    await flush()
  }
  const bareMedian = median(bareTimes)
  const addedMedian = median(added)
  return { name, bareUs: bareMedian, addedUs: addedMedian, ratio: (bareMedian + addedMedian) / bareMedian }
}

async function startSink(): Promise<{ url: string; stop: () => void }> {
  const child = fork(new URL('./otlp-sink.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] })
  const url = await new Promise<string>((resolve) => child.once('message', (m) => resolve(String(m))))
  return { url, stop: () => child.kill() }
}

async function main(): Promise<void> {
  const sink = await startSink()
  init({
    endpoint: sink.url,
    apiKey: 'bench',
    serviceName: 'bench',
    scheduledDelayMillis: 200,
    maxQueueSize: 8192,
  })
  const bare = cannedOpenAI()
  const wrapped = observeOpenAI(cannedOpenAI(), { useCase: 'bench' })

  const rows = [
    await compare('observe() around chat.completions.create', plainCall, observedCall, bare, bare),
    await compare('observeOpenAI: chat.completions.create', plainCall, plainCall, bare, wrapped),
    await compare('observeOpenAI: chat.completions.create stream', streamCall, streamCall, bare, wrapped),
  ]
  console.log(`\nSDK overhead: median of ${ROUNDS} rounds × ${BATCH} calls, CPU µs per call (user+system)\n`)
  console.log('| call | bare µs | added by Vigil µs | ratio wrapped/bare |')
  console.log('|---|---:|---:|---:|')
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.bareUs.toFixed(1)} | ${row.addedUs.toFixed(1)} | ${row.ratio.toFixed(2)} |`,
    )
  }

  gc()
  const heapBefore = process.memoryUsage().heapUsed
  const checkpoints: string[] = []
  for (let i = 1; i <= HEAP_CALLS; i++) {
    await plainCall(wrapped)
    if (i % (HEAP_CALLS / 4) === 0) {
      await flush()
      gc()
      checkpoints.push(
        `${(i / 1000).toFixed(0)}k: ${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB`,
      )
    }
  }
  const stats = getStats()
  console.log(
    `\nHeap growth over ${HEAP_CALLS.toLocaleString('en')} wrapped calls (after GC): ${checkpoints.join(', ')}`,
  )
  console.log(
    `Spans exported ${stats.spansExported}, dropped ${stats.spansDropped}, failed ${stats.spansFailed}`,
  )
  await shutdown()
  sink.stop()
}

await main()
