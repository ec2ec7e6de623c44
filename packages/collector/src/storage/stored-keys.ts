import type { ClickHouseStore } from './clickhouse-store.js'
import { type RowIdentity, rowKey } from './row-identity.js'

/**
 * Rows per lookup query. The ids travel as query parameters, which a server
 * reads from the URL (ClickHouse takes up to 1 MiB; 1,000 span and trace ids
 * make ~60 KB, which proxies in front of it commonly allow too). chDB takes
 * them in-process, so one query can carry a whole batch.
 */
const maxRowsPerQuery = (store: ClickHouseStore) => (store.engine === 'embedded' ? 10_000 : 1_000)

/**
 * Which of `rows` (all of one project) are already stored. The lookup is
 * bounded by the rows' time range, so it reads only the parts and granules of
 * that range, and matches ids through the sort key or a bloom filter index.
 * Returns row keys (see {@link rowKey}).
 */
export async function findStoredKeys<Row>(
  store: ClickHouseStore,
  identity: RowIdentity<Row>,
  projectId: string,
  rows: Row[],
): Promise<Set<string>> {
  const found = new Set<string>()
  const step = maxRowsPerQuery(store)
  for (let start = 0; start < rows.length; start += step) {
    const chunk = rows.slice(start, start + step)
    const { where, params } = lookupClause(identity, projectId, chunk)
    const result = await store.client.query({
      query: `SELECT ${identity.idColumns.join(', ')} FROM ${store.table(identity.table)} WHERE ${where}`,
      query_params: params,
      format: 'JSONCompactEachRow',
    })
    for (const ids of await result.json<string[]>()) found.add(`${projectId}\u0000${ids.join('\u0000')}`)
  }
  // Columns are matched one IN list each, so a stored (trace A, span of B) pair
  // may come back; only keys of the candidate rows count.
  const candidates = new Set(rows.map((row) => rowKey(identity, row)))
  for (const key of found) if (!candidates.has(key)) found.delete(key)
  return found
}

function lookupClause<Row>(
  identity: RowIdentity<Row>,
  projectId: string,
  rows: Row[],
): { where: string; params: Record<string, unknown> } {
  const conditions = ['project_id = {project:String}']
  const params: Record<string, unknown> = { project: projectId }
  const range = timeRange(rows.map((row) => identity.time(row)))
  if (range) {
    const column = identity.timeColumn
    conditions.push(
      `${column} >= fromUnixTimestamp64Nano({from:Int64}, 'UTC')`,
      `${column} <= fromUnixTimestamp64Nano({to:Int64}, 'UTC')`,
    )
    params.from = range.from
    params.to = range.to
  }
  identity.idColumns.forEach((column, i) => {
    conditions.push(`${column} IN {ids${i}:Array(String)}`)
    params[`ids${i}`] = [...new Set(rows.map((row) => identity.ids(row)[i] ?? ''))]
  })
  return { where: conditions.join(' AND '), params }
}

const INT64_MAX = 2n ** 63n - 1n

/** The smallest and largest of decimal nanosecond times; none when one is not a plain Int64. */
function timeRange(times: string[]): { from: string; to: string } | undefined {
  let from: bigint | undefined
  let to: bigint | undefined
  for (const time of times) {
    if (!/^\d{1,19}$/.test(time)) return undefined
    const value = BigInt(time)
    if (value > INT64_MAX) return undefined
    if (from === undefined || value < from) from = value
    if (to === undefined || value > to) to = value
  }
  return from === undefined || to === undefined ? undefined : { from: String(from), to: String(to) }
}
