/**
 * One row of the `calls` table: a model call, as stored. Times are decimal
 * nanosecond strings; tokens and cost are null when unknown (never a made-up 0).
 */
export interface LlmCall {
  project_id: string
  start_time: string
  end_time: string
  trace_id: string
  span_id: string
  parent_span_id: string
  span_name: string
  service_name: string
  environment: string
  use_case: string
  operation: string
  provider: string
  request_model: string
  response_model: string
  /** response_model when known, else request_model: what cost and breakdowns use. */
  model: string
  status: 'ok' | 'error'
  error_type: string
  duration_ms: number
  ttft_ms: number | null
  input_tokens: number | null
  output_tokens: number | null
  cache_read_tokens: number | null
  cache_creation_tokens: number | null
  reasoning_tokens: number | null
  cost_usd: number | null
  cost_basis: string
  user_id: string
  session_id: string
  /** App-level id (ticket, order…) that later human signals refer to. */
  subject_id: string
  prompt_version: string
  tags: string[]
  /** Which instrumentation family sent it: `vigil`, `otel-genai`, `openllmetry`, `openinference`, `vercel-ai`. */
  source: string
  response_id: string
  finish_reasons: string[]
  server_address: string
  /** 0 when the call was not part of a fallback chain, else its 1-based attempt number. */
  fallback_attempt: number
  fallback_step: string
  /** Why this attempt was left (`error`, `timeout`, `rate_limit`, `rejected`), '' if it served or was not in a chain. */
  fallback_reason: string
  fallback_served: 0 | 1
  cache_hit: 0 | 1
  stream_abandoned: 0 | 1
  /** Captured prompt / completion (already redacted by the SDK), '' when not captured. */
  input_content: string
  output_content: string
  attributes: Record<string, string>
  resource_attributes: Record<string, string>
}
