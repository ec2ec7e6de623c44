import type { OtlpSpan } from '../otlp/otlp-types.js'
import { attributeNames } from './attribute-names.js'
import { asString, durationMs, first, stringMap } from './attribute-values.js'
import type { SpanRow } from './span-row.js'

/**
 * The `spans` row of a span that is not a model call (an app step, a tool,
 * an agent, a Vercel `ai.generateText` wrapper…), kept so a trace shows whole.
 * Events keep their attribute values as JSON values, not strings.
 */
export function spanToRow(span: OtlpSpan, projectId: string): SpanRow {
  return {
    project_id: projectId,
    start_time: span.startTimeUnixNano,
    end_time: span.endTimeUnixNano,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    service_name: asString(first(span.resource.attributes, attributeNames.serviceName)) || 'unknown_service',
    duration_ms: durationMs(span.startTimeUnixNano, span.endTimeUnixNano),
    status_code: span.statusCode,
    status_message: span.statusMessage,
    scope_name: span.scope.name,
    events: JSON.stringify(
      span.events.map((event) => ({
        name: event.name,
        timeUnixNano: event.timeUnixNano,
        attributes: event.attributes,
      })),
    ),
    attributes: stringMap(span.attributes),
    resource_attributes: stringMap(span.resource.attributes),
  }
}
