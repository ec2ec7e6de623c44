import { checkDepth, setAttribute } from './attributes.js'
import type { Attributes, AttributeValue, OtlpResource, OtlpScope } from './otlp-types.js'
import { I64, LEN, type ProtoReader, VARINT } from './proto-reader.js'

// Field tags, (field_number << 3) | wire_type, from common.proto and resource.proto.
const STRING_VALUE = (1 << 3) | LEN
const BOOL_VALUE = (2 << 3) | VARINT
const INT_VALUE = (3 << 3) | VARINT
const DOUBLE_VALUE = (4 << 3) | I64
const ARRAY_VALUE = (5 << 3) | LEN
const KVLIST_VALUE = (6 << 3) | LEN
const BYTES_VALUE = (7 << 3) | LEN
const VALUES = (1 << 3) | LEN // ArrayValue.values and KeyValueList.values
const KEY = (1 << 3) | LEN
const VALUE = (2 << 3) | LEN
const ATTRIBUTES = (1 << 3) | LEN // Resource.attributes
const NAME = (1 << 3) | LEN // InstrumentationScope.name
const VERSION = (2 << 3) | LEN

/**
 * An AnyValue message ending at `end`. For a oneof the last member on the wire
 * wins (protobuf encoding, "Oneofs"); no member at all is the spec's "empty"
 * value, read as null. bytes_value becomes base64, int_value a number while exact.
 */
export function readAnyValue(r: ProtoReader, end: number, depth: number): AttributeValue {
  let value: AttributeValue = null
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === STRING_VALUE) value = r.recurringString(end)
    else if (tag === INT_VALUE) value = r.int64Value()
    else if (tag === DOUBLE_VALUE) value = r.double()
    else if (tag === BOOL_VALUE) value = r.bool()
    else if (tag === KVLIST_VALUE) value = readKvlist(r, r.end(end), depth + 1)
    else if (tag === ARRAY_VALUE) value = readArray(r, r.end(end), depth + 1)
    else if (tag === BYTES_VALUE) value = r.bytesBase64(end)
    else r.skip(tag, end)
  }
  r.finish(end)
  return value
}

function readArray(r: ProtoReader, end: number, depth: number): AttributeValue[] {
  checkDepth(depth)
  const values: AttributeValue[] = []
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === VALUES) values.push(readAnyValue(r, r.end(end), depth))
    else r.skip(tag, end)
  }
  r.finish(end)
  return values
}

function readKvlist(r: ProtoReader, end: number, depth: number): Attributes {
  checkDepth(depth)
  const values: Attributes = {}
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === VALUES) readKeyValueInto(r, r.end(end), values, depth)
    else r.skip(tag, end)
  }
  r.finish(end)
  return values
}

/** A KeyValue message ending at `end`, stored into `target`. */
export function readKeyValueInto(r: ProtoReader, end: number, target: Attributes, depth = 0): void {
  let key = ''
  let value: AttributeValue = null
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === KEY) key = r.recurringString(end)
    else if (tag === VALUE) value = readAnyValue(r, r.end(end), depth)
    else r.skip(tag, end)
  }
  r.finish(end)
  setAttribute(target, key, value)
}

/**
 * Fills a Resource into an object created before it was seen: fields may come
 * in any order on the wire, and the spans already read share this object.
 */
export function readResourceInto(r: ProtoReader, end: number, resource: OtlpResource): void {
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === ATTRIBUTES) readKeyValueInto(r, r.end(end), resource.attributes)
    else r.skip(tag, end)
  }
  r.finish(end)
}

/** Fills an InstrumentationScope into its shared object (see readResourceInto). */
export function readScopeInto(r: ProtoReader, end: number, scope: OtlpScope): void {
  while (r.pos < end) {
    const tag = r.uint32()
    if (tag === NAME) scope.name = r.string(end)
    else if (tag === VERSION) scope.version = r.string(end)
    else r.skip(tag, end)
  }
  r.finish(end)
}
