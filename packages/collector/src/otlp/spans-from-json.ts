import { attributesFromJson, resourceFromJson, scopeFromJson } from './any-value-from-json.js'
import {
  asObject,
  hexIdField,
  integerField,
  type JsonObject,
  listField,
  locate,
  objectField,
  stringField,
  uint64Field,
} from './otlp-json.js'
import type { OtlpResource, OtlpScope, OtlpSpan, OtlpSpanEvent } from './otlp-types.js'

const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
]
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR']
const JSON_PATH = ['resourceSpans', 'scopeSpans', 'spans']

/** The OTLP/JSON side of decodeTraceRequest. */
export function spansFromJson(request: JsonObject): OtlpSpan[] {
  const spans: OtlpSpan[] = []
  const at = [-1, -1, -1]
  try {
    const resourceSpansList = listField(request, 'resourceSpans', 'resource_spans')
    for (let i = 0; i < resourceSpansList.length; i++) {
      at[0] = i
      at[1] = -1
      const resourceSpans = asObject(resourceSpansList[i], 'resourceSpans item')
      const resource = resourceFromJson(objectField(resourceSpans, 'resource', 'resource'))
      const scopeSpansList = listField(resourceSpans, 'scopeSpans', 'scope_spans')
      for (let j = 0; j < scopeSpansList.length; j++) {
        at[1] = j
        at[2] = -1
        const scopeSpans = asObject(scopeSpansList[j], 'scopeSpans item')
        const scope = scopeFromJson(objectField(scopeSpans, 'scope', 'scope'))
        const spanList = listField(scopeSpans, 'spans', 'spans')
        for (let k = 0; k < spanList.length; k++) {
          at[2] = k
          spans.push(spanFromJson(asObject(spanList[k], 'span'), resource, scope))
        }
      }
    }
  } catch (error) {
    throw locate(error, JSON_PATH, at)
  }
  return spans
}

function spanFromJson(span: JsonObject, resource: OtlpResource, scope: OtlpScope): OtlpSpan {
  const events: OtlpSpanEvent[] = []
  for (const raw of listField(span, 'events', 'events')) {
    const event = asObject(raw, 'an event')
    events.push({
      name: stringField(event, 'name', 'name'),
      timeUnixNano: uint64Field(event, 'timeUnixNano', 'time_unix_nano'),
      attributes: attributesFromJson(listField(event, 'attributes', 'attributes')),
    })
  }
  const status = objectField(span, 'status', 'status')
  return {
    traceId: hexIdField(span, 'traceId', 'trace_id', 32),
    spanId: hexIdField(span, 'spanId', 'span_id', 16),
    parentSpanId: hexIdField(span, 'parentSpanId', 'parent_span_id', 16),
    name: stringField(span, 'name', 'name'),
    kind: integerField(span, 'kind', 'kind', SPAN_KINDS),
    startTimeUnixNano: uint64Field(span, 'startTimeUnixNano', 'start_time_unix_nano'),
    endTimeUnixNano: uint64Field(span, 'endTimeUnixNano', 'end_time_unix_nano'),
    attributes: attributesFromJson(listField(span, 'attributes', 'attributes')),
    droppedAttributesCount: integerField(span, 'droppedAttributesCount', 'dropped_attributes_count'),
    events,
    statusCode: status === undefined ? 0 : integerField(status, 'code', 'code', STATUS_CODES),
    statusMessage: status === undefined ? '' : stringField(status, 'message', 'message'),
    resource,
    scope,
  }
}
