/**
 * bench/sdk-overhead: CPU time the SDK adds per wrapped call, against the bare
 * call on the same client in the same run; export throughput; heap growth.
 *
 *   npx pnpm@10.34.8 bench:sdk            (CALLS=1000000 ROUNDS=30 BATCH=2000 to change the run)
 *
 * Export is real and counted: spans go through Vigil's queue and OTLP/protobuf
 * exporter to a loopback sink in another process (its CPU is not counted), and
 * each timed batch ends with `flush()`, so encoding and sending are inside the
 * timing. The canned client yields to the event loop once per call, as a real
 * request waits for the network; without that the loop would run only
 * microtasks and the exporter could never read a response.
 */
import { fork } from 'node:child_process'
import { flush, getStats, init, observe, observeOpenAI, shutdown } from '@vigil/sdk'
import type OpenAI from 'openai'
import { cannedOpenAI } from './canned-openai.js'
import { type CompareOptions, compare, measure } from './cpu-compare.js'
import { exportThroughput } from './export-throughput.js'
import { withOtelSpan } from './otel-floor.js'

const ROUNDS = Number(process.env.ROUNDS ?? 30)
const BATCH = Number(process.env.BATCH ?? 2000)
const HEAP_CALLS = Number(process.env.CALLS ?? 1_000_000)
const THROUGHPUT_SECONDS = Number(process.env.THROUGHPUT_SECONDS ?? 5)
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

const request = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Where is my invoice?' }],
}

const plainCall = (client: OpenAI) => client.chat.completions.create(request)
const streamCall = async (client: OpenAI) => {
  const stream = await client.chat.completions.create({ ...request, stream: true })
  let chunks = 0
  for await (const _ of stream) chunks++
  return chunks
}
const observedCall = (client: OpenAI) =>
  observe({ provider: 'openai', model: 'gpt-4o-mini', useCase: 'bench' }, async (call) => {
    const response = await client.chat.completions.create(request)
    call.setUsage({
      inputTokens: response.usage?.prompt_tokens,
      outputTokens: response.usage?.completion_tokens,
    })
    return response
  })
const trivial = async () => 1
const observedTrivial = () =>
  observe({ provider: 'openai', model: 'gpt-4o-mini', useCase: 'bench' }, async (call) => {
    call.setUsage({ inputTokens: 52, outputTokens: 4 })
    return 1
  })

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
  const options: CompareOptions = { rounds: ROUNDS, batch: BATCH, settle: flush }

  // Before Vigil's first call no AsyncLocalStorage is in use; see the note printed below.
  const bareBeforeContext = await measure(() => plainCall(bare), options)
  const rows = [
    await compare(
      'observe() around chat.completions.create',
      () => plainCall(bare),
      () => observedCall(bare),
      options,
    ),
    await compare(
      'observeOpenAI: chat.completions.create',
      () => plainCall(bare),
      () => plainCall(wrapped),
      options,
    ),
    await compare(
      'observeOpenAI: chat.completions.create stream',
      () => streamCall(bare),
      () => streamCall(wrapped),
      options,
    ),
    await compare('observe() around a trivial async fn (no client)', trivial, observedTrivial, options),
    await compare(
      'floor: an OpenTelemetry span alone (same attributes, not exported) around chat.completions.create',
      () => plainCall(bare),
      () => withOtelSpan(() => plainCall(bare)),
      options,
    ),
  ]
  console.log(
    `\nSDK overhead: median of ${ROUNDS} rounds × ${BATCH} calls, CPU µs per call (user+system), export included\n`,
  )
  console.log('| call | bare µs | added µs | ratio wrapped/bare |')
  console.log('|---|---:|---:|---:|')
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.bareUs.toFixed(1)} | ${row.addedUs.toFixed(1)} | ${row.ratio.toFixed(2)} |`,
    )
  }
  const bareAfter = rows[1]?.bareUs ?? Number.NaN
  console.log(
    `\nAsyncLocalStorage tax (not in the table): the bare call took ${bareBeforeContext.toFixed(1)} µs before ` +
      `Vigil's first call and ${bareAfter.toFixed(1)} µs after (${(bareAfter - bareBeforeContext).toFixed(1)} µs). ` +
      `On Node ${process.versions.node.split('.')[0]}, once any AsyncLocalStorage is in use (Vigil's, or OpenTelemetry's ` +
      'context manager), every promise the app creates pays for promise hooks.',
  )

  const throughput = await exportThroughput(THROUGHPUT_SECONDS)
  const rate = throughput.spans / throughput.seconds
  console.log(
    `\nExport throughput: ${throughput.spans.toLocaleString('en')} spans from observe() in ${throughput.seconds.toFixed(1)} s ` +
      `(${Math.round(rate).toLocaleString('en')} spans/s, one event-loop turn per call): exported ${throughput.exported}, ` +
      `dropped ${throughput.dropped}, failed ${throughput.failed}`,
  )

  await flush()
  gc()
  const before = getStats()
  const heapBefore = process.memoryUsage().heapUsed
  const checkpoints: string[] = []
  const start = performance.now()
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
  const perSecond = HEAP_CALLS / ((performance.now() - start) / 1000)
  const stats = getStats()
  console.log(
    `\nHeap growth over ${HEAP_CALLS.toLocaleString('en')} wrapped calls (after GC): ${checkpoints.join(', ')}` +
      ` (${Math.round(perSecond).toLocaleString('en')} calls/s)`,
  )
  console.log(
    `Spans in that phase: exported ${stats.spansExported - before.spansExported}, dropped ${stats.spansDropped - before.spansDropped}, ` +
      `failed ${stats.spansFailed - before.spansFailed}; whole run: exported ${stats.spansExported}, ` +
      `dropped ${stats.spansDropped}, failed ${stats.spansFailed}, retries ${stats.exportRetries}`,
  )
  await shutdown()
  sink.stop()
}

await main()
