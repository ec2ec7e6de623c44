/** One row of the `logs` table: an OTLP log record (GenAI events, and the SDK's human signals later). */
export interface LogRow {
  project_id: string
  time: string
  observed_time: string
  trace_id: string
  span_id: string
  severity_number: number
  severity_text: string
  event_name: string
  service_name: string
  /** The record's body, JSON-encoded when it is not a string. */
  body: string
  attributes: Record<string, string>
  resource_attributes: Record<string, string>
}
