import type { OtlpSpan } from '../otlp/otlp-types.js'
import { attributeNames } from './attribute-names.js'
import { asString, first } from './attribute-values.js'
import { isSignalEvent, type SignalMapping, signalFromEvent } from './signal-from-event.js'

/**
 * The signals a span carries as events named `vigil.signal.<kind>` (the other
 * way in besides log records): each is about that span, at the event's time,
 * or the span's end when the event has none.
 */
export function signalsFromSpanEvents(span: OtlpSpan, projectId: string): SignalMapping[] {
  const out: SignalMapping[] = []
  let serviceName: string | undefined
  for (const event of span.events) {
    if (!isSignalEvent(event.name)) continue
    serviceName ??= asString(first(span.resource.attributes, attributeNames.serviceName)) || 'unknown_service'
    const time =
      event.timeUnixNano !== '' && event.timeUnixNano !== '0' ? event.timeUnixNano : span.endTimeUnixNano
    out.push(
      signalFromEvent(
        {
          name: event.name,
          timeNanos: time,
          traceId: span.traceId,
          spanId: span.spanId,
          attributes: event.attributes,
          serviceName,
        },
        projectId,
        'span_event',
      ),
    )
  }
  return out
}
