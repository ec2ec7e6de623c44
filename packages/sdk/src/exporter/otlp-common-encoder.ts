import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api'
import { EncodedAttributeCache } from './encoded-attribute-cache.js'
import type { ProtoWriter } from './proto-writer.js'

/*
 * The common.proto messages of OTLP (KeyValue, AnyValue, ArrayValue,
 * KeyValueList) and its nanosecond timestamps, written as
 * @opentelemetry/otlp-transformer writes them (see otlp-trace-encoder.ts).
 */

const KEY = 0x0a // KeyValue.key = 1
const VALUE = 0x12 // KeyValue.value = 2
const VALUES = 0x0a // ArrayValue.values = 1, KeyValueList.values = 1
const INT64_MIN = -(2 ** 63)
const INT64_MAX_EXCLUSIVE = 2 ** 63

const cache = new EncodedAttributeCache()

/** Repeated KeyValue under `tag`. */
export function writeAttributes(w: ProtoWriter, attributes: Attributes, tag: number): void {
  for (const key in attributes) {
    if (!Object.hasOwn(attributes, key)) continue
    const value = attributes[key]
    w.byte(tag)
    const cached = cache.get(key, value)
    if (cached !== undefined) {
      w.raw(cached)
      continue
    }
    const at = w.begin()
    writeKey(w, key)
    w.byte(VALUE)
    const valueAt = w.begin()
    writeAnyValue(w, value)
    w.end(valueAt)
    w.end(at)
    if (cache.accepts(key, value)) cache.set(key, value, w.buf.subarray(at, w.pos))
  }
}

function writeKey(w: ProtoWriter, key: string): void {
  const cached = cache.key(key)
  if (cached !== undefined) {
    w.raw(cached)
    return
  }
  const start = w.pos
  w.byte(KEY)
  w.string(key)
  cache.setKey(key, w.buf.subarray(start, w.pos))
}

/** An AnyValue's content (its one `value` member); null and undefined leave it empty. */
function writeAnyValue(w: ProtoWriter, value: AttributeValue | Attributes | null | undefined): void {
  if (typeof value === 'string') {
    w.byte(0x0a) // string_value = 1
    w.string(value)
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= INT64_MIN && value < INT64_MAX_EXCLUSIVE) {
      w.byte(0x18) // int_value = 3
      w.varint(value)
    } else {
      w.byte(0x21) // double_value = 4
      w.double(value)
    }
  } else if (typeof value === 'boolean') {
    w.byte(0x10) // bool_value = 2
    w.byte(value ? 1 : 0)
  } else if (value instanceof Uint8Array) {
    w.byte(0x3a) // bytes_value = 7
    w.bytes(value)
  } else if (Array.isArray(value)) {
    w.byte(0x2a) // array_value = 5
    const at = w.begin()
    for (const item of value) {
      w.byte(VALUES)
      const itemAt = w.begin()
      writeAnyValue(w, item)
      w.end(itemAt)
    }
    w.end(at)
  } else if (typeof value === 'object' && value !== null) {
    w.byte(0x32) // kvlist_value = 6
    const at = w.begin()
    writeAttributes(w, value as Attributes, VALUES)
    w.end(at)
  }
}

/** Nanoseconds since the epoch as fixed64, exact: seconds × 1e9 exceeds 2^53, so it is split in 32-bit halves. */
export function writeTime(w: ProtoWriter, [seconds, nanos]: HrTime): void {
  const upper = Math.floor(seconds / 0x10000) * 1e9 // exact: < 2^53
  const lower = (seconds % 0x10000) * 1e9 + nanos // exact: < 2^53
  // total = upper × 2^16 + lower
  const low = (upper % 0x10000) * 0x10000 + (lower % 0x1_0000_0000)
  const high =
    Math.floor(upper / 0x10000) + Math.floor(lower / 0x1_0000_0000) + Math.floor(low / 0x1_0000_0000)
  w.fixed64(low % 0x1_0000_0000, high)
}
