import { isoFromNanos } from './nano-time.js'

/** Token counts of a call; null where the call did not report one (never a made-up 0). */
export interface CallTokens {
  input: number | null
  output: number | null
  cacheRead: number | null
  cacheCreation: number | null
  reasoning: number | null
}

/** The call's place in a `withFallback` chain (SDK `vigil.fallback.*`). */
export interface CallFallback {
  /** 1-based attempt number. */
  attempt: number
  step: string | null
  /** Why the chain left this attempt (`error`, `timeout`, `rate_limit`, `rejected`); null if it served. */
  reason: string | null
  served: boolean
}

/**
 * One model call as lists and trees show it. Text the call did not carry
 * (no use case, no user…) is null rather than ''.
 */
export interface CallSummary {
  spanId: string
  traceId: string
  parentSpanId: string | null
  /** ISO 8601 UTC with nanoseconds. */
  startTime: string
  durationMs: number
  ttftMs: number | null
  model: string | null
  requestModel: string | null
  provider: string | null
  useCase: string | null
  environment: string | null
  promptVersion: string | null
  serviceName: string
  status: 'ok' | 'error'
  errorType: string | null
  tokens: CallTokens
  costUsd: number | null
  costBasis: string
  userId: string | null
  sessionId: string | null
  subjectId: string | null
  tags: string[]
  fallback: CallFallback | null
  cacheHit: boolean
  streamAbandoned: boolean
  source: string
  /** The start of the captured content as plain text; null when content was not captured. */
  preview: { input: string | null; output: string | null }
}

/** A `calls` row as {@link callSummaryColumns} selects it. */
export interface CallSummaryRow {
  span_id: string
  trace_id: string
  parent_span_id: string
  start_ns: string
  duration_ms: number
  ttft_ms: number | null
  model: string
  request_model: string
  provider: string
  use_case: string
  environment: string
  prompt_version: string
  service_name: string
  status: string
  error_type: string
  input_tokens: number | string | null
  output_tokens: number | string | null
  cache_read_tokens: number | string | null
  cache_creation_tokens: number | string | null
  reasoning_tokens: number | string | null
  cost_usd: number | null
  cost_basis: string
  user_id: string
  session_id: string
  subject_id: string
  tags: string[]
  fallback_attempt: number
  fallback_step: string
  fallback_reason: string
  fallback_served: number
  cache_hit: number
  stream_abandoned: number
  source: string
  input_preview: string
  output_preview: string
}

const PREVIEW_CHARS = 200

/**
 * The text parts of one message of a content column (GenAI messages JSON,
 * `[{role, parts: [{type: "text", content}…]}]`), joined. Computed in
 * ClickHouse so a page of calls never ships whole prompts (up to 256 KiB each).
 */
const messageText = (column: string, index: number) =>
  `arrayStringConcat(arrayMap(p -> JSONExtractString(p, 'content'), arrayFilter(p -> JSONExtractString(p, 'type') = 'text', JSONExtractArrayRaw(${column}, ${index}, 'parts'))), ' ')`

/**
 * Preview of the input: its last message (the turn being answered; a leading
 * system prompt would say the same on every call). Of the output: its first.
 * Content that holds no text (only tool calls) previews as its raw JSON.
 */
const preview = (column: string, index: number) =>
  `leftUTF8(coalesce(nullIf(${messageText(column, index)}, ''), ${column}), ${PREVIEW_CHARS * 2})`

/** The columns of {@link CallSummaryRow}, fixed SQL text. */
export const callSummaryColumns = `
  span_id, trace_id, parent_span_id,
  toString(toUnixTimestamp64Nano(start_time)) AS start_ns,
  duration_ms, ttft_ms, model, request_model, provider, use_case, environment, prompt_version,
  service_name, status, error_type,
  input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, reasoning_tokens,
  cost_usd, cost_basis, user_id, session_id, subject_id, tags,
  fallback_attempt, fallback_step, fallback_reason, fallback_served, cache_hit, stream_abandoned, source,
  ${preview('input_content', -1)} AS input_preview,
  ${preview('output_content', 1)} AS output_preview`

export function toCallSummary(row: CallSummaryRow): CallSummary {
  return {
    spanId: row.span_id,
    traceId: row.trace_id,
    parentSpanId: orNull(row.parent_span_id),
    startTime: isoFromNanos(row.start_ns),
    durationMs: Number(row.duration_ms),
    ttftMs: nullableNumber(row.ttft_ms),
    model: orNull(row.model),
    requestModel: orNull(row.request_model),
    provider: orNull(row.provider),
    useCase: orNull(row.use_case),
    environment: orNull(row.environment),
    promptVersion: orNull(row.prompt_version),
    serviceName: row.service_name,
    status: row.status === 'error' ? 'error' : 'ok',
    errorType: orNull(row.error_type),
    tokens: {
      input: nullableNumber(row.input_tokens),
      output: nullableNumber(row.output_tokens),
      cacheRead: nullableNumber(row.cache_read_tokens),
      cacheCreation: nullableNumber(row.cache_creation_tokens),
      reasoning: nullableNumber(row.reasoning_tokens),
    },
    costUsd: nullableNumber(row.cost_usd),
    costBasis: row.cost_basis,
    userId: orNull(row.user_id),
    sessionId: orNull(row.session_id),
    subjectId: orNull(row.subject_id),
    tags: row.tags,
    fallback:
      Number(row.fallback_attempt) > 0
        ? {
            attempt: Number(row.fallback_attempt),
            step: orNull(row.fallback_step),
            reason: orNull(row.fallback_reason),
            served: Number(row.fallback_served) === 1,
          }
        : null,
    cacheHit: Number(row.cache_hit) === 1,
    streamAbandoned: Number(row.stream_abandoned) === 1,
    source: row.source,
    preview: { input: previewText(row.input_preview), output: previewText(row.output_preview) },
  }
}

/** One line of at most {@link PREVIEW_CHARS} characters (code points), '…' when cut. */
export function previewText(text: string): string | null {
  const line = text.replace(/\s+/g, ' ').trim()
  if (line === '') return null
  const chars = Array.from(line)
  return chars.length <= PREVIEW_CHARS ? line : `${chars.slice(0, PREVIEW_CHARS).join('').trimEnd()}…`
}

export function orNull(value: string): string | null {
  return value === '' ? null : value
}

export function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value)
}
