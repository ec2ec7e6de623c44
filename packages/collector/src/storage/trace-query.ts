import {
  type CallSummary,
  type CallSummaryRow,
  callSummaryColumns,
  orNull,
  toCallSummary,
} from './call-summary.js'
import type { ClickHouseStore } from './clickhouse-store.js'
import { FINAL_READ_SETTINGS } from './final-read-settings.js'
import { compareNanos, isoFromNanos, millisBetween } from './nano-time.js'
import { buildTraceTree, type TreeNode } from './trace-tree.js'

export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer'

/** One span of a trace before it is placed in the tree. */
export interface TraceSpan {
  spanId: string
  parentSpanId: string | null
  /** `llm`: a model call (from `calls`); `span`: any other span (from `spans`). */
  kind: 'llm' | 'span'
  name: string
  serviceName: string
  startTime: string
  endTime: string
  durationMs: number
  status: 'ok' | 'error' | 'unset'
  /** Set on llm nodes. */
  call: CallSummary | null
  /** Set on span nodes: what only the `spans` table knows. */
  span: {
    spanKind: SpanKindName
    statusMessage: string | null
    scopeName: string | null
    attributes: Record<string, string>
  } | null
}

export type TraceNode = TreeNode<TraceSpan>

export interface TraceTotals {
  spans: number
  calls: number
  errors: number
  /** Sum over calls of known cost; `costUnknownCalls` says how many are missing from it. */
  costUsd: number
  costUnknownCalls: number
  /** Sums of the counts calls reported. */
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number; reasoning: number }
  /** From the earliest start to the latest end. */
  durationMs: number
}

export interface Trace {
  traceId: string
  startTime: string
  endTime: string
  totals: TraceTotals
  /** True when the trace has more spans than one answer carries; totals then cover the returned ones. */
  truncated: boolean
  roots: TraceNode[]
}

/** Most spans read from each table for one trace. */
export const MAX_TRACE_SPANS = 10_000

const spanKinds: readonly SpanKindName[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
]

interface CallNodeRow extends CallSummaryRow {
  end_ns: string
  span_name: string
}

interface SpanNodeRow {
  span_id: string
  parent_span_id: string
  name: string
  kind: number
  service_name: string
  start_ns: string
  end_ns: string
  duration_ms: number
  status_code: number
  status_message: string
  scope_name: string
  attributes: Record<string, string>
}

/**
 * Every span of trace `traceId` in `projectId`, model calls and the rest, as a
 * tree; undefined when the project has no span of it. The writer stores a
 * model call in `calls` and any other span in `spans`; should one span id be
 * in both, the call wins. Calls are found by the trace id bloom filter index,
 * spans by their sort key (project, trace). FINAL collapses re-sent copies.
 */
export async function queryTrace(
  store: ClickHouseStore,
  projectId: string,
  traceId: string,
): Promise<Trace | undefined> {
  const params = { projectId, traceId, limit: MAX_TRACE_SPANS + 1 }
  const [callRows, spanRows] = await Promise.all([
    readRows<CallNodeRow>(
      store,
      `SELECT ${callSummaryColumns},
        toString(toUnixTimestamp64Nano(end_time)) AS end_ns, span_name
      FROM ${store.table('calls')} FINAL
      WHERE project_id = {projectId:String} AND trace_id = {traceId:String}
      ORDER BY start_time, span_id
      LIMIT {limit:UInt32}`,
      params,
    ),
    readRows<SpanNodeRow>(
      store,
      `SELECT span_id, parent_span_id, name, kind, service_name,
        toString(toUnixTimestamp64Nano(start_time)) AS start_ns,
        toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
        duration_ms, status_code, status_message, scope_name, attributes
      FROM ${store.table('spans')} FINAL
      WHERE project_id = {projectId:String} AND trace_id = {traceId:String}
      ORDER BY start_time, span_id
      LIMIT {limit:UInt32}`,
      params,
    ),
  ])
  const truncated = callRows.length > MAX_TRACE_SPANS || spanRows.length > MAX_TRACE_SPANS
  const calls = callRows.slice(0, MAX_TRACE_SPANS)
  const callIds = new Set(calls.map((row) => row.span_id))
  const others = spanRows.slice(0, MAX_TRACE_SPANS).filter((row) => !callIds.has(row.span_id))
  const times = [...calls, ...others]
  if (times.length === 0) return undefined

  let start = times[0]?.start_ns ?? '0'
  let end = times[0]?.end_ns ?? '0'
  for (const row of times) {
    if (compareNanos(row.start_ns, start) < 0) start = row.start_ns
    if (compareNanos(row.end_ns, end) > 0) end = row.end_ns
  }
  const callSpans = calls.map(callSpan)
  return {
    traceId,
    startTime: isoFromNanos(start),
    endTime: isoFromNanos(end),
    totals: totalsOf(callSpans, callSpans.length + others.length, millisBetween(start, end)),
    truncated,
    roots: buildTraceTree([...callSpans, ...others.map(otherSpan)]),
  }
}

async function readRows<Row>(store: ClickHouseStore, query: string, params: Record<string, unknown>) {
  const result = await store.client.query({
    query: `${query} ${FINAL_READ_SETTINGS}`,
    query_params: params,
    format: 'JSONEachRow',
  })
  return result.json<Row>()
}

function callSpan(row: CallNodeRow): TraceSpan {
  const call = toCallSummary(row)
  return {
    spanId: call.spanId,
    parentSpanId: call.parentSpanId,
    kind: 'llm',
    name: row.span_name,
    serviceName: call.serviceName,
    startTime: call.startTime,
    endTime: isoFromNanos(row.end_ns),
    durationMs: call.durationMs,
    status: call.status,
    call,
    span: null,
  }
}

function otherSpan(row: SpanNodeRow): TraceSpan {
  return {
    spanId: row.span_id,
    parentSpanId: orNull(row.parent_span_id),
    kind: 'span',
    name: row.name,
    serviceName: row.service_name,
    startTime: isoFromNanos(row.start_ns),
    endTime: isoFromNanos(row.end_ns),
    durationMs: Number(row.duration_ms),
    // OTLP status codes: 0 unset, 1 ok, 2 error.
    status: row.status_code === 2 ? 'error' : row.status_code === 1 ? 'ok' : 'unset',
    call: null,
    span: {
      spanKind: spanKinds[row.kind] ?? 'unspecified',
      statusMessage: orNull(row.status_message),
      scopeName: orNull(row.scope_name),
      attributes: row.attributes,
    },
  }
}

function totalsOf(callSpans: TraceSpan[], spans: number, durationMs: number): TraceTotals {
  const totals: TraceTotals = {
    spans,
    calls: callSpans.length,
    errors: 0,
    costUsd: 0,
    costUnknownCalls: 0,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, reasoning: 0 },
    durationMs,
  }
  for (const { call } of callSpans) {
    if (call === null) continue
    if (call.status === 'error') totals.errors++
    if (call.costUsd === null) totals.costUnknownCalls++
    else totals.costUsd += call.costUsd
    for (const kind of Object.keys(totals.tokens) as Array<keyof TraceTotals['tokens']>) {
      totals.tokens[kind] += call.tokens[kind] ?? 0
    }
  }
  return totals
}
