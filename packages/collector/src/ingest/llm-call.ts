/** One row of the `calls` table: a model call, as stored. Times are decimal nanosecond strings. */
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
  prompt_version: string
  tags: string[]
  attributes: Record<string, string>
  resource_attributes: Record<string, string>
}
