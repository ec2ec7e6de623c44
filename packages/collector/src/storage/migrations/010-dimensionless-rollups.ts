import { coarserRollupSelect, type RollupTime, rollupColumns, rollupTableColumns } from '../call-rollups.js'
import type { Migration } from './migration.js'
import { durableInserts, type SchemaDdl } from './schema-ddl.js'

/**
 * `calls_1m_all`, `calls_1h_all`, `calls_1d_all`: each rollup again without
 * dimensions, one row per project and bucket, filled by a view on the rollup
 * of its level. A query over all of a project's calls (the summary, an
 * ungrouped series) then merges one t-digest per bucket instead of one per
 * dimension set — hundreds of times fewer over 30 days when traffic spreads
 * over many use cases, models and prompt versions (bench/query).
 */
export const dimensionlessRollups: Migration = {
  version: 10,
  name: 'rollups without dimensions',
  statements: (schema) => (['minute', 'hour', 'day'] as const).flatMap((time) => allRollup(schema, time)),
}

const sources = { minute: 'calls_1m', hour: 'calls_1h', day: 'calls_1d' } as const

function allRollup(schema: SchemaDdl, time: RollupTime): string[] {
  const source = sources[time]
  const target = `${source}_all`
  const select = (from: string, where?: string) =>
    coarserRollupSelect({ from: time, to: time, dimensions: false }, from, where ? { where } : {})
  return [
    ...schema.createTable({
      name: target,
      columns: rollupTableColumns(time, false),
      engine: 'AggregatingMergeTree',
      partitionBy: `toYYYYMM(${time})`,
      orderBy: `(project_id, ${time})`,
      ttl: `${time} + toIntervalDay(retention_days_max)`,
      settings: durableInserts,
      shardingKey: 'cityHash64(project_id)',
    }),
    // Existing rows rolled up once, before the view exists (see 005 for why "while empty").
    ...(schema.cluster
      ? []
      : [
          `INSERT INTO ${schema.table(target)} (${rollupColumns(time, false)})\n${select(
            schema.table(source),
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
