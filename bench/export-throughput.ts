import { flush, getStats, observe } from '@vigil/sdk'

export interface ThroughputReport {
  spans: number
  seconds: number
  exported: number
  dropped: number
  failed: number
}

const meta = {
  provider: 'openai',
  model: 'gpt-4o-mini',
  useCase: 'support-reply',
  userId: 'user-42',
  promptVersion: 'v3',
}

/**
 * Records GenAI spans as fast as the app can, for `seconds`, and reports how
 * many reached the sink: the exporter shares the app's thread, so it must keep
 * up while the app runs. Each call yields to the event loop once, as a real
 * model call waits for the network; the spans carry what a wrapped chat call
 * records (provider, models, context, usage, cost).
 */
export async function exportThroughput(seconds: number): Promise<ThroughputReport> {
  await flush()
  const before = getStats()
  const start = performance.now()
  let spans = 0
  while (performance.now() - start < seconds * 1000) {
    await observe(meta, async (call) => {
      await new Promise<void>((resolve) => setImmediate(resolve))
      call.setResponseModel('gpt-4o-mini-2024-07-18')
      call.setUsage({ inputTokens: 52, outputTokens: 4, cachedInputTokens: 0 })
      call.setCostUsd(0.000012)
      return spans
    })
    spans++
  }
  const elapsed = (performance.now() - start) / 1000
  await flush()
  const after = getStats()
  return {
    spans,
    seconds: elapsed,
    exported: after.spansExported - before.spansExported,
    dropped: after.spansDropped - before.spansDropped,
    failed: after.spansFailed - before.spansFailed,
  }
}
