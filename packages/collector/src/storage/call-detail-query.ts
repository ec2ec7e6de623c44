import { type CallSignal, queryCallSignals } from './call-signals-query.js'
import {
  type CallSummary,
  type CallSummaryRow,
  callSummaryColumns,
  nullableNumber,
  orNull,
  toCallSummary,
} from './call-summary.js'
import type { ClickHouseStore } from './clickhouse-store.js'
import { FINAL_READ_SETTINGS } from './final-read-settings.js'
import { isoFromNanos } from './nano-time.js'

/** One attempt of a `withFallback` chain: a model call, or a step that made none (a cache lookup…). */
export interface FallbackChainAttempt {
  spanId: string
  kind: 'llm' | 'span'
  name: string
  /** 1-based. */
  attempt: number
  step: string | null
  reason: string | null
  served: boolean
  status: 'ok' | 'error' | 'unset'
  startTime: string
  durationMs: number
  model: string | null
  provider: string | null
  costUsd: number | null
}

/** A model call with everything stored about it. */
export interface CallDetail extends CallSummary {
  endTime: string
  spanName: string
  operation: string
  responseModel: string | null
  responseId: string | null
  finishReasons: string[]
  serverAddress: string | null
  attributes: Record<string, string>
  resourceAttributes: Record<string, string>
  /** The captured content, GenAI messages JSON (`[{role, parts}]`, redacted by the SDK); null when not captured. */
  content: { input: string | null; output: string | null }
  /** Every attempt of the chain this call was part of (itself included), by attempt; empty when none. */
  fallbackChain: FallbackChainAttempt[]
  /** Human signals about the call (corrections, feedback, scores, escalations, outcomes). */
  signals: CallSignal[]
}

interface DetailRow extends CallSummaryRow {
  end_ns: string
  span_name: string
  operation: string
  response_model: string
  response_id: string
  finish_reasons: string[]
  server_address: string
  attributes: Record<string, string>
  resource_attributes: Record<string, string>
  input_content: string
  output_content: string
}

/**
 * The call `spanId` of `projectId`, or undefined when that project has none.
 * Looked up by the span id bloom filter index (ids are random, so the sort
 * key cannot help); FINAL keeps the latest copy of a re-sent or re-priced span.
 */
export async function queryCallDetail(
  store: ClickHouseStore,
  projectId: string,
  spanId: string,
): Promise<CallDetail | undefined> {
  const result = await store.client.query({
    query: `
      SELECT ${callSummaryColumns},
        toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
        span_name, operation, response_model, response_id, finish_reasons, server_address,
        attributes, resource_attributes, input_content, output_content
      FROM ${store.table('calls')} FINAL
      WHERE project_id = {projectId:String} AND span_id = {spanId:String}
      ORDER BY start_time DESC
      LIMIT 1
      ${FINAL_READ_SETTINGS}`,
    query_params: { projectId, spanId },
    format: 'JSONEachRow',
  })
  const [row] = await result.json<DetailRow>()
  if (row === undefined) return undefined
  const summary = toCallSummary(row)
  const [fallbackChain, signals] = await Promise.all([
    Number(row.fallback_attempt) > 0 ? queryFallbackChain(store, projectId, row) : [],
    queryCallSignals(store, projectId, summary),
  ])
  return {
    ...summary,
    endTime: isoFromNanos(row.end_ns),
    spanName: row.span_name,
    operation: row.operation,
    responseModel: orNull(row.response_model),
    responseId: orNull(row.response_id),
    finishReasons: row.finish_reasons,
    serverAddress: orNull(row.server_address),
    attributes: row.attributes,
    resourceAttributes: row.resource_attributes,
    content: { input: orNull(row.input_content), output: orNull(row.output_content) },
    fallbackChain,
    signals,
  }
}

interface AttemptRow {
  span_id: string
  kind: 'llm' | 'span'
  name: string
  attempt: number | string
  step: string
  reason: string
  served: number | string
  status: string
  start_ns: string
  duration_ms: number
  model: string
  provider: string
  cost_usd: number | null
}

/**
 * The SDK's `withFallback` runs every step under one chain span
 * (`fallback <name>`), so the attempts of a chain are the spans of the trace
 * under the same parent that carry an attempt number: model calls in
 * `calls`, and steps that made no model call as `fallback.step <step>` spans
 * in `spans`, whose attempt attribute still counts from 0.
 */
async function queryFallbackChain(
  store: ClickHouseStore,
  projectId: string,
  call: DetailRow,
): Promise<FallbackChainAttempt[]> {
  const result = await store.client.query({
    query: `
      SELECT span_id, 'llm' AS kind, span_name AS name, fallback_attempt AS attempt,
        fallback_step AS step, fallback_reason AS reason, fallback_served AS served, status,
        toString(toUnixTimestamp64Nano(start_time)) AS start_ns, duration_ms, model, provider, cost_usd
      FROM ${store.table('calls')} FINAL
      WHERE project_id = {projectId:String} AND trace_id = {traceId:String}
        AND parent_span_id = {parentSpanId:String} AND fallback_attempt > 0
      UNION ALL
      SELECT span_id, 'span' AS kind, name, toUInt16OrZero(attributes['vigil.fallback.attempt']) + 1 AS attempt,
        attributes['vigil.fallback.step'] AS step, attributes['vigil.fallback.reason'] AS reason,
        attributes['vigil.fallback.served'] = 'true' AS served,
        multiIf(status_code = 2, 'error', status_code = 1, 'ok', 'unset') AS status,
        toString(toUnixTimestamp64Nano(start_time)) AS start_ns, duration_ms, '' AS model, '' AS provider,
        CAST(NULL, 'Nullable(Float64)') AS cost_usd
      FROM ${store.table('spans')} FINAL
      WHERE project_id = {projectId:String} AND trace_id = {traceId:String}
        AND parent_span_id = {parentSpanId:String} AND mapContains(attributes, 'vigil.fallback.attempt')
      ${FINAL_READ_SETTINGS}`,
    query_params: { projectId, traceId: call.trace_id, parentSpanId: call.parent_span_id },
    format: 'JSONEachRow',
  })
  const seen = new Set<string>()
  const attempts: FallbackChainAttempt[] = []
  const rows = await result.json<AttemptRow>()
  // A span stored in both tables is the model call.
  rows.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'llm' ? -1 : 1))
  for (const row of rows) {
    if (seen.has(row.span_id)) continue
    seen.add(row.span_id)
    attempts.push({
      spanId: row.span_id,
      kind: row.kind,
      name: row.name,
      attempt: Number(row.attempt),
      step: orNull(row.step),
      reason: orNull(row.reason),
      served: Number(row.served) === 1,
      status: row.status === 'error' ? 'error' : row.status === 'ok' ? 'ok' : 'unset',
      startTime: isoFromNanos(row.start_ns),
      durationMs: Number(row.duration_ms),
      model: orNull(row.model),
      provider: orNull(row.provider),
      costUsd: nullableNumber(row.cost_usd),
    })
  }
  return attempts.sort((a, b) => a.attempt - b.attempt || a.startTime.localeCompare(b.startTime))
}
