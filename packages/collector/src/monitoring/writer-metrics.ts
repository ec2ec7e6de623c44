import type { InsertListener } from '../ingest/telemetry-batch.js'
import type { IngestStats, IngestStatsSource, IngestTableStats } from './ingest-stats.js'
import type { Labels, SelfMetrics } from './self-metrics.js'

type Sample = readonly [Labels, number]

/**
 * The storage writer's counters as series, read at scrape time. Per-table
 * series carry `table` (calls, spans, logs). The last insert's latency and
 * batch size are gauges here; their distributions are the histograms of
 * {@link registerInsertHistograms}, and the request-level view is
 * `vigil_ingest_write_duration_seconds`.
 */
export function registerWriterMetrics(registry: SelfMetrics, source: IngestStatsSource | undefined): void {
  const read = (pick: (stats: IngestStats) => Sample[]) => () => {
    const stats = source?.()
    return stats ? pick(stats) : []
  }
  const perTable = (field: Exclude<keyof IngestTableStats, 'duplicates'>, scale = 1) =>
    read((stats) =>
      Object.entries(stats.tables).flatMap(([table, t]): Sample[] =>
        t[field] === undefined ? [] : [[{ table }, (t[field] as number) * scale]],
      ),
    )

  registry.gauge(
    'vigil_writer_queued_bytes',
    'Request bytes admitted by the writer and not yet stored (503 above its cap).',
    read((stats) => (stats.queuedBytes === undefined ? [] : [[{}, stats.queuedBytes]])),
  )
  registry.collectedCounter(
    'vigil_writer_requests_total',
    'Write requests by outcome: stored, overloaded (503), failed (503, storage error).',
    read((stats) => Object.entries(stats.requests).map(([outcome, n]): Sample => [{ outcome }, n])),
  )
  registry.gauge('vigil_writer_queued_rows', 'Rows waiting for the next insert.', perTable('queuedRows'))
  registry.collectedCounter('vigil_writer_rows_written_total', 'Rows inserted.', perTable('rowsWritten'))
  registry.collectedCounter(
    'vigil_writer_batches_written_total',
    'Inserts that succeeded.',
    perTable('batchesWritten'),
  )
  registry.collectedCounter(
    'vigil_writer_failed_batches_total',
    'Inserts that failed.',
    perTable('failedBatches'),
  )
  registry.collectedCounter(
    'vigil_writer_duplicates_total',
    'Rows dropped as already stored, by where the copy was found.',
    read((stats) =>
      Object.entries(stats.tables).flatMap(([table, t]) =>
        Object.entries(t.duplicates).map(([where, n]): Sample => [{ table, where }, n]),
      ),
    ),
  )
  registry.gauge(
    'vigil_writer_last_batch_rows',
    'Rows in the last successful insert.',
    perTable('lastBatchRows'),
  )
  registry.gauge(
    'vigil_writer_last_insert_seconds',
    'Duration of the last insert.',
    perTable('lastInsertMs', 1 / 1000),
  )
}

/** Subscribes to a writer's stored batches; returns the function that unsubscribes. */
export type ObserveInserts = (listener: InsertListener) => () => void

/**
 * Histograms of every stored batch per table: its rows and how long it took
 * (duplicate lookup and insert). Few large inserts is what ClickHouse wants,
 * so a batch-size distribution stuck at 1 says the linger is too short.
 * Returns the function that stops observing.
 */
export function registerInsertHistograms(registry: SelfMetrics, observe: ObserveInserts): () => void {
  const rows = registry.histogram(
    'vigil_writer_batch_rows',
    'Rows per stored batch, duplicates dropped before the insert excluded.',
    [1, 10, 100, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000],
  )
  const duration = registry.histogram(
    'vigil_writer_insert_duration_seconds',
    'Duration of each stored batch, duplicate lookup and insert.',
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  )
  return observe((table, n, ms) => {
    rows.observe(n, { table })
    duration.observe(ms / 1000, { table })
  })
}
