import { encodeCallCursor } from './call-cursor.js'
import { type CallListFilter, callListClause } from './call-list-filter.js'
import { type CallSummary, type CallSummaryRow, callSummaryColumns, toCallSummary } from './call-summary.js'
import type { ClickHouseStore } from './clickhouse-store.js'
import { FINAL_READ_SETTINGS } from './final-read-settings.js'

export interface CallPage {
  calls: CallSummary[]
  /** Cursor of the page after this one; null on the last page. */
  nextCursor: string | null
}

interface PositionRow {
  start_ns: string
  span_id: string
}

/**
 * A page of calls, newest first, in (start_time DESC, span_id DESC) order.
 *
 * Two reads: the page's positions first, from the sort key and the filtered
 * columns only, then the rows of that page. Content columns are most of the
 * table's bytes; read in one query, they would be decompressed for every
 * call of the window before the sort keeps `limit` of them.
 *
 * Both read with FINAL, so a span stored twice (two collectors receiving the
 * same retry) is listed once and a re-priced call shows its latest cost.
 */
export async function queryCalls(
  store: ClickHouseStore,
  filter: CallListFilter,
  limit: number,
): Promise<CallPage> {
  const { where, params } = callListClause(filter)
  const positions = await store.client.query({
    query: `
      SELECT toString(toUnixTimestamp64Nano(start_time)) AS start_ns, span_id
      FROM ${store.table('calls')} FINAL
      WHERE ${where}
      ORDER BY start_time DESC, span_id DESC
      LIMIT {limit:UInt32}
      ${FINAL_READ_SETTINGS}`,
    query_params: { ...params, limit: limit + 1 },
    format: 'JSONEachRow',
  })
  const found = await positions.json<PositionRow>()
  const page = found.slice(0, limit)
  const last = page.at(-1)
  const nextCursor =
    found.length > limit && last !== undefined
      ? encodeCallCursor({
          startTimeNs: last.start_ns,
          spanId: last.span_id,
          windowFromMs: Math.max(0, filter.from.getTime()),
        })
      : null
  return { calls: await readPage(store, filter.projectId, page), nextCursor }
}

/** The summary rows of `page`, in its order. */
async function readPage(
  store: ClickHouseStore,
  projectId: string,
  page: PositionRow[],
): Promise<CallSummary[]> {
  const first = page[0]
  const last = page.at(-1)
  if (first === undefined || last === undefined) return []
  const result = await store.client.query({
    query: `
      SELECT ${callSummaryColumns}
      FROM ${store.table('calls')} FINAL
      WHERE project_id = {projectId:String}
        AND start_time >= fromUnixTimestamp64Nano({oldest:Int64}, 'UTC')
        AND start_time <= fromUnixTimestamp64Nano({newest:Int64}, 'UTC')
        AND span_id IN {spanIds:Array(String)}
      ${FINAL_READ_SETTINGS}`,
    query_params: {
      projectId,
      oldest: last.start_ns,
      newest: first.start_ns,
      spanIds: page.map((row) => row.span_id),
    },
    format: 'JSONEachRow',
  })
  const byPosition = new Map<string, CallSummaryRow>()
  for (const row of await result.json<CallSummaryRow>()) byPosition.set(positionKey(row), row)
  const calls: CallSummary[] = []
  for (const position of page) {
    const row = byPosition.get(positionKey(position))
    // Absent only if the row was dropped by TTL between the two reads.
    if (row !== undefined) calls.push(toCallSummary(row))
  }
  return calls
}

function positionKey(row: PositionRow): string {
  return `${row.start_ns}/${row.span_id}`
}
