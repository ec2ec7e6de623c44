import type { OtlpResource, OtlpScope, OtlpSpan, OtlpSpanEvent } from './otlp-types.js'
import { readKeyValueInto, readResourceInto, readScopeInto } from './proto-attributes.js'
import { I64, LEN, ProtoReader, VARINT } from './proto-reader.js'

// Field tags, (field_number << 3) | wire_type, from trace.proto and trace_service.proto.
const RESOURCE_SPANS = (1 << 3) | LEN // ExportTraceServiceRequest.resource_spans
const RESOURCE = (1 << 3) | LEN // ResourceSpans.resource
const SCOPE_SPANS = (2 << 3) | LEN
const SCOPE = (1 << 3) | LEN // ScopeSpans.scope
const SPANS = (2 << 3) | LEN
const TRACE_ID = (1 << 3) | LEN // Span.*
const SPAN_ID = (2 << 3) | LEN
const PARENT_SPAN_ID = (4 << 3) | LEN
const NAME = (5 << 3) | LEN
const KIND = (6 << 3) | VARINT
const START_TIME = (7 << 3) | I64
const END_TIME = (8 << 3) | I64
const ATTRIBUTES = (9 << 3) | LEN
const DROPPED_ATTRIBUTES = (10 << 3) | VARINT
const EVENTS = (11 << 3) | LEN
const STATUS = (15 << 3) | LEN
const EVENT_TIME = (1 << 3) | I64 // Span.Event.*
const EVENT_NAME = (2 << 3) | LEN
const EVENT_ATTRIBUTES = (3 << 3) | LEN
const STATUS_MESSAGE = (2 << 3) | LEN // Status.*
const STATUS_CODE = (3 << 3) | VARINT

/** The protobuf side of decodeTraceRequest, read straight off the wire (see ProtoReader). */
export function spansFromProtobuf(body: Uint8Array): OtlpSpan[] {
  const r = new ProtoReader(body)
  const spans: OtlpSpan[] = []
  while (r.pos < r.length) {
    const tag = r.uint32()
    if (tag === RESOURCE_SPANS) readResourceSpans(r, r.end(r.length), spans)
    else r.skip(tag, r.length)
  }
  return spans
}

function readResourceSpans(r: ProtoReader, end: number, spans: OtlpSpan[]): void {
  const resource: OtlpResource = { attributes: {} }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === RESOURCE) readResourceInto(r, r.end(end), resource)
    else if (tag === SCOPE_SPANS) readScopeSpans(r, r.end(end), resource, spans)
    else r.skip(tag, end)
  }
  r.finish(end)
}

function readScopeSpans(r: ProtoReader, end: number, resource: OtlpResource, spans: OtlpSpan[]): void {
  const scope: OtlpScope = { name: '', version: '' }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === SPANS) spans.push(readSpan(r, r.end(end), resource, scope))
    else if (tag === SCOPE) readScopeInto(r, r.end(end), scope)
    else r.skip(tag, end)
  }
  r.finish(end)
}

function readSpan(r: ProtoReader, end: number, resource: OtlpResource, scope: OtlpScope): OtlpSpan {
  const span: OtlpSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    startTimeUnixNano: '0',
    endTimeUnixNano: '0',
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    statusCode: 0,
    statusMessage: '',
    resource,
    scope,
  }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === ATTRIBUTES) readKeyValueInto(r, r.end(end), span.attributes)
    else if (tag === TRACE_ID) span.traceId = r.id(end, 16, 'traceId')
    else if (tag === SPAN_ID) span.spanId = r.id(end, 8, 'spanId')
    else if (tag === PARENT_SPAN_ID) span.parentSpanId = r.id(end, 8, 'parentSpanId')
    else if (tag === NAME) span.name = r.recurringString(end)
    else if (tag === KIND) span.kind = r.int32()
    else if (tag === START_TIME) span.startTimeUnixNano = r.fixed64Decimal()
    else if (tag === END_TIME) span.endTimeUnixNano = r.fixed64Decimal()
    else if (tag === DROPPED_ATTRIBUTES) span.droppedAttributesCount = r.uint32()
    else if (tag === EVENTS) span.events.push(readEvent(r, r.end(end)))
    else if (tag === STATUS) readStatusInto(r, r.end(end), span)
    else r.skip(tag, end)
  }
  r.finish(end)
  return span
}

function readEvent(r: ProtoReader, end: number): OtlpSpanEvent {
  const event: OtlpSpanEvent = { name: '', timeUnixNano: '0', attributes: {} }
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === EVENT_ATTRIBUTES) readKeyValueInto(r, r.end(end), event.attributes)
    else if (tag === EVENT_NAME) event.name = r.string(end)
    else if (tag === EVENT_TIME) event.timeUnixNano = r.fixed64Decimal()
    else r.skip(tag, end)
  }
  r.finish(end)
  return event
}

function readStatusInto(r: ProtoReader, end: number, span: OtlpSpan): void {
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === STATUS_CODE) span.statusCode = r.int32()
    else if (tag === STATUS_MESSAGE) span.statusMessage = r.string(end)
    else r.skip(tag, end)
  }
  r.finish(end)
}
