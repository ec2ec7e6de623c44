import type { CallCursor } from './call-cursor.js'
import { contentSearchClause } from './content-search.js'

/** What the call list is narrowed to. The project comes from the caller's key, never from input. */
export interface CallListFilter {
  projectId: string
  from: Date
  to: Date
  useCase?: string | undefined
  /** Matches the model that answered or the one asked for. */
  model?: string | undefined
  provider?: string | undefined
  environment?: string | undefined
  promptVersion?: string | undefined
  userId?: string | undefined
  sessionId?: string | undefined
  subjectId?: string | undefined
  /** Calls whose tags include this one. */
  tag?: string | undefined
  serviceName?: string | undefined
  status?: 'ok' | 'error' | undefined
  minLatencyMs?: number | undefined
  /** Calls of known cost at least this; calls of unknown cost never match. */
  minCostUsd?: number | undefined
  /** true: calls that were an attempt of a fallback chain; false: calls that were not. */
  fallback?: boolean | undefined
  /** Free text in the captured content (see `contentSearchClause`). */
  q?: string | undefined
  /** Only rows after this position in the (start_time DESC, span_id DESC) order. */
  after?: CallCursor | undefined
}

/** Filters that compare one column with the value as given: field → column. */
const equalities = [
  ['useCase', 'use_case'],
  ['provider', 'provider'],
  ['environment', 'environment'],
  ['promptVersion', 'prompt_version'],
  ['userId', 'user_id'],
  ['sessionId', 'session_id'],
  ['subjectId', 'subject_id'],
  ['serviceName', 'service_name'],
  ['status', 'status'],
] as const

/**
 * The WHERE clause of the call list. Only fixed SQL text is assembled; every
 * value travels as a `{name:Type}` query parameter, so a value full of quotes
 * and comments is compared as a value. Always bound by project and window.
 */
export function callListClause(filter: CallListFilter): { where: string; params: Record<string, unknown> } {
  const conditions = [
    'project_id = {projectId:String}',
    "start_time >= fromUnixTimestamp64Nano({fromNs:Int64}, 'UTC')",
    "start_time < fromUnixTimestamp64Nano({toNs:Int64}, 'UTC')",
  ]
  const params: Record<string, unknown> = {
    projectId: filter.projectId,
    fromNs: storableNanos(filter.from),
    toNs: storableNanos(filter.to),
  }
  for (const [field, column] of equalities) {
    const value = filter[field]
    if (value === undefined) continue
    conditions.push(`${column} = {${field}:String}`)
    params[field] = value
  }
  if (filter.model !== undefined) {
    conditions.push('(model = {model:String} OR request_model = {model:String})')
    params.model = filter.model
  }
  if (filter.tag !== undefined) {
    conditions.push('has(tags, {tag:String})')
    params.tag = filter.tag
  }
  if (filter.minLatencyMs !== undefined) {
    conditions.push('duration_ms >= {minLatencyMs:Float64}')
    params.minLatencyMs = filter.minLatencyMs
  }
  if (filter.minCostUsd !== undefined) {
    conditions.push('cost_usd >= {minCostUsd:Float64}')
    params.minCostUsd = filter.minCostUsd
  }
  if (filter.fallback !== undefined)
    conditions.push(filter.fallback ? 'fallback_attempt > 0' : 'fallback_attempt = 0')
  if (filter.q !== undefined) {
    const search = contentSearchClause(filter.q)
    conditions.push(search.condition)
    Object.assign(params, search.params)
  }
  if (filter.after !== undefined) {
    // The first condition alone lets the sort key skip every part after the cursor.
    const time = "fromUnixTimestamp64Nano({afterTime:Int64}, 'UTC')"
    conditions.push(`start_time <= ${time}`, `(start_time < ${time} OR span_id < {afterSpanId:String})`)
    params.afterTime = filter.after.startTimeNs
    params.afterSpanId = filter.after.spanId
  }
  return { where: conditions.join(' AND '), params }
}

const INT64_MAX = 2n ** 63n - 1n

/**
 * A time as decimal Unix nanoseconds, clamped to what `DateTime64(9)` holds
 * (1970 to 2262 for OTLP's unsigned times): a comparison with a time outside
 * it fails in ClickHouse instead of matching nothing, and a `DateTime64(3)`
 * parameter given as seconds cannot even take the epoch itself.
 */
export function storableNanos(time: Date): string {
  const nanos = BigInt(Math.trunc(time.getTime())) * 1_000_000n
  return String(nanos < 0n ? 0n : nanos > INT64_MAX ? INT64_MAX : nanos)
}
