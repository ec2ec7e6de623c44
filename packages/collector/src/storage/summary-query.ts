import type { ClickHouseStore } from './clickhouse-store.js'

export interface CallFilters {
  projectId: string
  from: Date
  to: Date
  useCase?: string | undefined
  model?: string | undefined
  provider?: string | undefined
  environment?: string | undefined
}

export interface Summary {
  calls: number
  errors: number
  errorRate: number
  costUsd: number
  costUnknownCalls: number
  latencyMs: { p50: number | null; p95: number | null; p99: number | null }
  tokens: { input: number; output: number }
}

/**
 * Builds the WHERE clause of a calls query. Only fixed SQL text is assembled;
 * every value travels as a `{name:Type}` query parameter. The project comes
 * from the caller's key, never from request input.
 */
export function callFilterClause(filters: CallFilters): { where: string; params: Record<string, unknown> } {
  const conditions = [
    'project_id = {projectId:String}',
    'start_time >= {from:DateTime64(3)}',
    'start_time < {to:DateTime64(3)}',
  ]
  const params: Record<string, unknown> = {
    projectId: filters.projectId,
    from: filters.from.getTime() / 1000,
    to: filters.to.getTime() / 1000,
  }
  if (filters.useCase !== undefined) {
    conditions.push('use_case = {useCase:String}')
    params.useCase = filters.useCase
  }
  if (filters.model !== undefined) {
    conditions.push('(model = {model:String} OR request_model = {model:String})')
    params.model = filters.model
  }
  if (filters.provider !== undefined) {
    conditions.push('provider = {provider:String}')
    params.provider = filters.provider
  }
  if (filters.environment !== undefined) {
    conditions.push('environment = {environment:String}')
    params.environment = filters.environment
  }
  return { where: conditions.join(' AND '), params }
}

interface SummaryRow {
  calls: string | number
  errors: string | number
  total_cost_usd: number
  cost_unknown_calls: string | number
  latency: number[]
  total_input_tokens: string | number
  total_output_tokens: string | number
}

/**
 * The headline numbers for a window, from raw calls. The writer keeps re-sent
 * spans out of storage; FINAL also collapses the copies two collectors can
 * store when they receive the same retry at the same moment (docs/scale-out.md).
 * Copies of a row share its partition (the month of start_time, a sort key
 * column) and, on a cluster, its shard (sharded by trace_id), so FINAL need not
 * merge across partitions and works shard by shard through the Distributed table.
 */
export async function querySummary(store: ClickHouseStore, filters: CallFilters): Promise<Summary> {
  const { where, params } = callFilterClause(filters)
  const result = await store.client.query({
    query: `
      SELECT
        count() AS calls,
        countIf(status = 'error') AS errors,
        sum(ifNull(cost_usd, 0)) AS total_cost_usd,
        countIf(cost_usd IS NULL) AS cost_unknown_calls,
        quantiles(0.5, 0.95, 0.99)(duration_ms) AS latency,
        sum(ifNull(input_tokens, 0)) AS total_input_tokens,
        sum(ifNull(output_tokens, 0)) AS total_output_tokens
      FROM ${store.table('calls')} FINAL
      WHERE ${where}
      SETTINGS do_not_merge_across_partitions_select_final = 1`,
    query_params: params,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<SummaryRow>()
  const calls = Number(row?.calls ?? 0)
  const errors = Number(row?.errors ?? 0)
  const quantile = (i: number) => (calls === 0 ? null : finiteOrNull(row?.latency[i]))
  return {
    calls,
    errors,
    errorRate: calls === 0 ? 0 : errors / calls,
    costUsd: Number(row?.total_cost_usd ?? 0),
    costUnknownCalls: Number(row?.cost_unknown_calls ?? 0),
    latencyMs: { p50: quantile(0), p95: quantile(1), p99: quantile(2) },
    tokens: { input: Number(row?.total_input_tokens ?? 0), output: Number(row?.total_output_tokens ?? 0) },
  }
}

function finiteOrNull(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}
