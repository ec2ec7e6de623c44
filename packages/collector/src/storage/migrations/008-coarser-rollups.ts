import {
  callsPerMinuteSelect,
  coarserRollupSelect,
  rollupColumns,
  rollupDimensions,
  rollupTableColumns,
} from '../call-rollups.js'
import type { Migration } from './migration.js'
import { durableInserts, type SchemaDdl } from './schema-ddl.js'

/**
 * Hourly and daily rollups for long windows, and `fallback_calls` (calls made
 * as a later step of a fallback chain) in every rollup.
 *
 * Over many dimension sets a minute rollup holds nearly a row per call; a
 * 30-day query over it would merge millions of t-digest states. Each coarser
 * level is filled by a view on the finer one (see call-rollups.ts). The minute
 * view is recreated with the new column; minutes rolled up before this
 * migration count no fallback calls until rebuilt (`recompute-costs` over the
 * range rebuilds them).
 */
export const coarserRollups: Migration = {
  version: 8,
  name: 'hourly and daily rollups, fallback calls',
  statements: (schema) => [
    ...schema.addColumns('calls_1m', ['fallback_calls SimpleAggregateFunction(sum, UInt64)']),
    `DROP VIEW IF EXISTS ${schema.table('calls_1m_mv')}${schema.onCluster}`,
    schema.createMaterializedView({
      name: 'calls_1m_mv',
      from: 'calls',
      to: 'calls_1m',
      select: (from) => callsPerMinuteSelect(from),
    }),
    ...coarserRollup(schema, 'minute', 'hour'),
    ...coarserRollup(schema, 'hour', 'day'),
  ],
}

const tables = { minute: 'calls_1m', hour: 'calls_1h', day: 'calls_1d' } as const

function coarserRollup(schema: SchemaDdl, from: 'minute' | 'hour', to: 'hour' | 'day'): string[] {
  const source = tables[from]
  const target = tables[to]
  return [
    ...schema.createTable({
      name: target,
      columns: rollupTableColumns(to),
      engine: 'AggregatingMergeTree',
      partitionBy: `toYYYYMM(${to})`,
      orderBy: `(project_id, ${to}, ${rollupDimensions.join(', ')})`,
      ttl: `${to} + toIntervalDay(retention_days_max)`,
      settings: durableInserts,
      shardingKey: 'cityHash64(project_id)',
    }),
    // Existing rows rolled up once, before the view exists (see 005 for why "while empty").
    ...(schema.cluster
      ? []
      : [
          `INSERT INTO ${schema.table(target)} (${rollupColumns(to)})\n${coarserRollupSelect(
            { from, to },
            schema.table(source),
            {
              where: `(SELECT count() FROM ${schema.table(target)}) = 0`,
            },
          )}`,
        ]),
    schema.createMaterializedView({
      name: `${target}_mv`,
      from: source,
      to: target,
      select: (table) => coarserRollupSelect({ from, to }, table),
    }),
  ]
}
