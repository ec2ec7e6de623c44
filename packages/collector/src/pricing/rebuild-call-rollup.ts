import { callsPerMinuteSelect, rollupColumns } from '../storage/call-rollups.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { SchemaDdl } from '../storage/migrations/index.js'
import type { RecomputeRange } from './recompute-costs.js'

const DAY_MS = 86_400_000

/**
 * Makes `calls_1m` and `calls_1h` agree with `calls` again for one project's
 * minutes after a
 * recompute re-inserted repriced rows. The view on `calls` fired for those
 * inserts too (it cannot tell a new version from a new call), so the minutes
 * now count each repriced call twice; latency digests can't be subtracted, so
 * the minutes are deleted and rolled up again from `calls FINAL` (one row per
 * call, newest version) with the view's own SELECT. The window is widened to
 * whole UTC days: hour and day rows (and the dimension-less `_all` rows) are
 * deleted with all their minutes, and re-inserting the minutes rebuilds them
 * through the views that chain from `calls_1m` (and `calls_1m_dim`).
 *
 * Known race: a call ingested for one of these very minutes between the delete
 * and the re-rollup is counted twice in `calls_1m` (`calls` stays right);
 * another recompute of the window repairs it. Recomputes target history, where
 * such late spans are rare.
 */
export async function rebuildCallRollup(store: ClickHouseStore, window: RecomputeRange): Promise<void> {
  const schema = new SchemaDdl({ database: store.database, cluster: store.cluster })
  const params = {
    projectId: window.projectId,
    from: Math.floor(window.from.getTime() / DAY_MS) * 86_400,
    to: Math.ceil(window.to.getTime() / DAY_MS) * 86_400,
  }
  const minutes =
    "project_id = {projectId:String} AND minute >= toDateTime({from:UInt32}, 'UTC') AND minute < toDateTime({to:UInt32}, 'UTC')"
  // Lightweight delete: rows are hidden at once (sync by default), parts rewritten later.
  await store.client.command({
    query: `DELETE FROM ${schema.storageTable('calls_1m')}${schema.onCluster} WHERE ${minutes}`,
    query_params: params,
  })
  for (const [table, time] of [
    ['calls_1m_all', 'minute'],
    ['calls_1m_dim', 'minute'],
    ['calls_1h', 'hour'],
    ['calls_1h_all', 'hour'],
    ['calls_1h_dim', 'hour'],
    ['calls_1d', 'day'],
    ['calls_1d_all', 'day'],
    ['calls_1d_dim', 'day'],
  ]) {
    await store.client.command({
      query: `DELETE FROM ${schema.storageTable(table as string)}${schema.onCluster} WHERE ${minutes.replaceAll('minute', time as string)}`,
      query_params: params,
    })
  }
  // The sort key starts with (project_id, start_time): the range reads only these minutes.
  const where =
    "project_id = {projectId:String} AND start_time >= toDateTime64({from:UInt32}, 9, 'UTC') AND start_time < toDateTime64({to:UInt32}, 9, 'UTC')"
  // The per-dimension chain starts at `calls` too (migration 012), so it is rebuilt from there.
  for (const each of [false, true]) {
    await store.client.command({
      query: `INSERT INTO ${schema.table(each ? 'calls_1m_dim' : 'calls_1m')} (${rollupColumns('minute', each ? 'each' : true)})\n${callsPerMinuteSelect(schema.table('calls'), { final: true, where, each })}`,
      query_params: params,
    })
  }
}
