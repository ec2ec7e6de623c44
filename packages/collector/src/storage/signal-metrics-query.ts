import type { ClickHouseStore } from './clickhouse-store.js'
import { type Dimension, dimensions, type MetricFilters } from './metrics-query.js'
import {
  addSignalTotals,
  emptySignalAggregates,
  positiveFeedbackSql,
  type SignalAggregates,
} from './signal-aggregates.js'
import { signalLinkCtes } from './signal-links.js'

/**
 * The oversight side of the metrics: what corrections, feedback, scores,
 * escalations and outcomes say about the calls of a window, per group and
 * bucket, next to metrics-query.ts (whose call counts are the denominators).
 * Signals are joined to raw calls by span, trace or subject id (see
 * signal-links.ts); rollups cannot help, since a rollup row forgets its calls.
 */

/**
 * Which time places a signal in a window and bucket. `call` (the default): the
 * time of the call it is about, so a correction made three days later still
 * counts toward the call's day. `signal`: the signal's own time ("what did
 * people correct today?"), about calls of any time.
 */
export type TimeBasis = 'call' | 'signal'
export const timeBases = ['call', 'signal'] as const

/**
 * How early a signal may be dated before its call and still count, with
 * `call` time basis: clocks of the app and of a ticketing system disagree.
 */
const EARLY_SIGNAL_MS = 86_400_000

export interface SignalMetricQuery {
  filters: MetricFilters
  basis: TimeBasis
  bucketSeconds?: number
  groupBy?: Dimension
  /** With `groupBy`: only these values are groups of their own, the rest fold into `other`. */
  keepGroups?: readonly string[]
}

export interface SignalAggregateRow extends SignalAggregates {
  bucket?: number
  group?: string
  other?: boolean
}

interface RawRow {
  bucket?: number | string
  in_top?: number
  g?: string
  kind: string
  sname: string
  signals: string | number
  valued: string | number
  value_sum: number
  positive: string | number
  calls: string | number
}

/**
 * Whether the project has any signal dated from `since` on. The link query
 * below costs ~45 ms even over no signals (it is planned whole); this
 * primary-key probe costs a few, so a project that sends no signals does not
 * pay for them on every metric request.
 */
async function anySignalsSince(store: ClickHouseStore, projectId: string, since: number): Promise<boolean> {
  const result = await store.client.query({
    query: `SELECT 1 AS found FROM ${store.table('signals')}
WHERE project_id = {projectId:String} AND time >= fromUnixTimestamp64Milli({since:Int64}, 'UTC') LIMIT 1`,
    query_params: { projectId, since },
    format: 'JSONEachRow',
  })
  return (await result.json()).length > 0
}

/** Runs a signal metric query; every value is a query parameter, the project the caller's. */
export async function querySignalAggregates(
  store: ClickHouseStore,
  query: SignalMetricQuery,
): Promise<SignalAggregateRow[]> {
  const { filters, basis } = query
  const since = basis === 'signal' ? filters.from.getTime() : filters.from.getTime() - EARLY_SIGNAL_MS
  if (!(await anySignalsSince(store, filters.projectId, since))) return []
  const params: Record<string, unknown> = {
    projectId: filters.projectId,
    from: filters.from.getTime(),
    to: filters.to.getTime(),
    early: filters.from.getTime() - EARLY_SIGNAL_MS,
    bucket: query.bucketSeconds ?? 0,
  }
  const window = (column: string, from = 'from') =>
    `${column} >= fromUnixTimestamp64Milli({${from}:Int64}, 'UTC') AND ${column} < fromUnixTimestamp64Milli({to:Int64}, 'UTC')`
  const signalWhere =
    basis === 'signal' ? [window('time')] : ["time >= fromUnixTimestamp64Milli({early:Int64}, 'UTC')"]
  const callWhere = [...callFilters(filters, params), ...(basis === 'call' ? [window('start_time')] : [])]
  const column = query.groupBy ? dimensions[query.groupBy].column : undefined
  if (query.keepGroups) params.keep = [...query.keepGroups]

  const keys: string[] = []
  if (query.bucketSeconds) {
    const time = basis === 'signal' ? 'signal_time' : 'call_time'
    keys.push(
      `toUInt32(toStartOfInterval(toDateTime(${time}, 'UTC'), toIntervalSecond({bucket:UInt32}))) AS bucket`,
    )
  }
  if (column && query.keepGroups)
    keys.push('gcol IN {keep:Array(String)} AS in_top', "if(in_top, gcol, '') AS g")
  else if (column) keys.push('gcol AS g')
  const keyNames = keys.map((key) => key.split(' AS ').pop() as string)
  // Signals counted once per group and bucket (inner), then totalled per kind and name.
  // Corrections and escalations fold into one row per group, feedback and scores get
  // one more (name '') besides their names, so that the calls they are about are
  // counted once (distinct) over the whole kind: see SignalTotalsRow.
  const sql = `${signalLinkCtes(store, { signalWhere, callWhere, callGroup: column })}
SELECT ${[...keyNames, 'kind', 'sname'].join(', ')},
  count() AS signals, countIf(v IS NOT NULL) AS valued, sum(ifNull(v, 0)) AS value_sum,
  countIf(kind = 'feedback' AND (${positiveFeedbackSql('n', 'v')})) AS positive,
  uniqExactArray(call_ids) AS calls
FROM (
  SELECT ${[...keys, 'kind', 'key'].join(', ')}, toString(any(name)) AS n, any(value) AS v,
    groupUniqArray(call_id) AS call_ids
  FROM matches
  GROUP BY ${[...keyNames, 'kind', 'key'].join(', ')}
)
ARRAY JOIN multiIf(kind IN ('correction', 'escalation'), [''], kind IN ('feedback', 'score'), [n, ''], [n]) AS sname
GROUP BY ${[...keyNames, 'kind', 'sname'].join(', ')}`
  const result = await store.client.query({ query: sql, query_params: params, format: 'JSONEachRow' })
  const byKey = new Map<string, SignalAggregateRow>()
  for (const row of await result.json<RawRow>()) {
    const key = `${row.bucket ?? ''}\u0000${row.in_top ?? ''}\u0000${row.g ?? ''}`
    let out = byKey.get(key)
    if (!out) {
      out = emptySignalAggregates()
      if (row.bucket !== undefined) out.bucket = Number(row.bucket)
      if (column) out.group = row.g ?? ''
      if (query.keepGroups) out.other = Number(row.in_top) === 0
      byKey.set(key, out)
    }
    addSignalTotals(out, {
      kind: row.kind,
      name: row.sname,
      signals: Number(row.signals),
      valued: Number(row.valued),
      valueSum: Number(row.value_sum),
      positive: Number(row.positive),
      calls: Number(row.calls),
    })
  }
  return [...byKey.values()]
}

/** Signals dated in a window, and those of them about no call Vigil has (yet). */
export interface SignalReceipt {
  received: number
  orphaned: number
}

/**
 * Counts the signals dated in the window and how many of them match no call
 * of the project at any time ("orphaned": unknown ids, calls sampled out or
 * not arrived yet, another project's ids). By the signal's own time, and by
 * its own use case when `useCase` is given: an orphan has no call to filter on.
 */
export async function querySignalReceipt(
  store: ClickHouseStore,
  window: { projectId: string; from: Date; to: Date; useCase?: string | undefined },
): Promise<SignalReceipt> {
  if (!(await anySignalsSince(store, window.projectId, window.from.getTime())))
    return { received: 0, orphaned: 0 }
  const params: Record<string, unknown> = {
    projectId: window.projectId,
    from: window.from.getTime(),
    to: window.to.getTime(),
  }
  const signalWhere = [
    "time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')",
  ]
  if (window.useCase !== undefined) {
    signalWhere.push('use_case = {useCase:String}')
    params.useCase = window.useCase
  }
  const sql = `${signalLinkCtes(store, { signalWhere, callWhere: [] })}
SELECT uniqExact(kind, key) AS received,
  uniqExactIf((kind, key), (kind, key) NOT IN (SELECT kind, key FROM matches)) AS orphaned
FROM sig`
  const result = await store.client.query({ query: sql, query_params: params, format: 'JSONEachRow' })
  const [row] = await result.json<{ received: string | number; orphaned: string | number }>()
  return { received: Number(row?.received ?? 0), orphaned: Number(row?.orphaned ?? 0) }
}

/** The call filters of metrics-query.ts, as conditions on raw `calls`. */
function callFilters(filters: MetricFilters, params: Record<string, unknown>): string[] {
  const where: string[] = []
  for (const [name, { column }] of Object.entries(dimensions) as [Dimension, { column: string }][]) {
    const value = filters[name]
    if (value === undefined) continue
    where.push(`${column} = {f_${name}:String}`)
    params[`f_${name}`] = value
  }
  if (filters.tag !== undefined) {
    where.push('has(tags, {f_tag:String})')
    params.f_tag = filters.tag
  }
  return where
}
