import type { IngestStats, IngestStatsSource, IngestTableStats } from './ingest-stats.js'
import type { Labels, SelfMetrics } from './self-metrics.js'

type Sample = readonly [Labels, number]

/**
 * The storage writer's counters as series, read at scrape time. Per-table
 * series carry `table` (calls, spans, logs). Insert latency and batch size are
 * the last insert's (gauges): the writer keeps no distribution, and the
 * request-level view is `vigil_ingest_write_duration_seconds`.
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
