/** One row of the `spans` table: a span that is not a model call, kept so a trace can be shown whole. */
export interface SpanRow {
  project_id: string
  start_time: string
  end_time: string
  trace_id: string
  span_id: string
  parent_span_id: string
  name: string
  /** OTLP SpanKind integer. */
  kind: number
  service_name: string
  duration_ms: number
  /** 0 unset, 1 ok, 2 error. */
  status_code: number
  status_message: string
  scope_name: string
  /** JSON array of `{ name, timeUnixNano, attributes }`. */
  events: string
  attributes: Record<string, string>
  resource_attributes: Record<string, string>
}
