import {
  callsPerMinuteSelect,
  coarserRollupSelect,
  type RollupTime,
  rollupColumns,
  rollupTableColumns,
} from '../call-rollups.js'
import type { Migration } from './migration.js'
import { durableInserts, type SchemaDdl } from './schema-ddl.js'

/**
 * `calls_1m_dim`, `calls_1h_dim`, `calls_1d_dim`: the rollups once per
 * dimension — a row per (bucket, dimension, value), six per call set instead of
 * one per dimension set. A series grouped by model or a breakdown by use case
 * then merges a digest per model per day (tens over 30 days) instead of one
 * per combination of use case, model, provider, environment, prompt version
 * and service (thousands; bench/query). The minute level is filled from
 * `calls` (ARRAY JOIN over the six dimensions), each coarser one by a view on
 * the finer, as in 008.
 */
export const perDimensionRollups: Migration = {
  version: 12,
  name: 'per-dimension rollups',
  statements: (schema) => [
    ...dimensionRollup(schema, 'minute', (from, where) =>
      callsPerMinuteSelect(from, { each: true, ...(where ? { where } : {}) }),
    ),
    ...dimensionRollup(schema, 'hour', (from, where) =>
      coarserRollupSelect({ from: 'minute', to: 'hour', dimensions: 'each' }, from, where ? { where } : {}),
    ),
    ...dimensionRollup(schema, 'day', (from, where) =>
      coarserRollupSelect({ from: 'hour', to: 'day', dimensions: 'each' }, from, where ? { where } : {}),
    ),
  ],
}

const tables = { minute: 'calls_1m_dim', hour: 'calls_1h_dim', day: 'calls_1d_dim' } as const
const sources = { minute: 'calls', hour: 'calls_1m_dim', day: 'calls_1h_dim' } as const

function dimensionRollup(
  schema: SchemaDdl,
  time: RollupTime,
  select: (from: string, where?: string) => string,
): string[] {
  const target = tables[time]
  const source = sources[time]
  return [
    ...schema.createTable({
      name: target,
      columns: rollupTableColumns(time, 'each'),
      engine: 'AggregatingMergeTree',
      partitionBy: `toYYYYMM(${time})`,
      // Dimension first: a query reads one dimension's rows for its whole window.
      orderBy: `(project_id, dimension, ${time}, value)`,
      ttl: `${time} + toIntervalDay(retention_days_max)`,
      // Small granules: a query reads a few rows of big t-digest states, and ClickHouse
      // decodes every state of each granule it touches (8192 by default: ~35 ms of
      // hourly states to use 80 of them).
      settings: `${durableInserts}, index_granularity = 256`,
      shardingKey: 'cityHash64(project_id)',
    }),
    // Existing rows rolled up once, before the view exists (see 005 for why "while empty").
    ...(schema.cluster
      ? []
      : [
          `INSERT INTO ${schema.table(target)} (${rollupColumns(time, 'each')})\n${select(
            `${schema.table(source)}${time === 'minute' ? ' FINAL' : ''}`,
            `(SELECT count() FROM ${schema.table(target)}) = 0`,
          )}`,
        ]),
    schema.createMaterializedView({
      name: `${target}_mv`,
      from: source,
      to: target,
      select: (from) => select(from),
    }),
  ]
}
