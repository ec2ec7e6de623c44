import { checkDepth, setAttribute } from './attributes.js'
import { OtlpDecodeError } from './otlp-decode-error.js'
import { asObject, doubleOf, int64Of, type JsonObject, listField, preview, stringField } from './otlp-json.js'
import type { Attributes, AttributeValue, OtlpResource, OtlpScope } from './otlp-types.js'

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const BASE64_URL = /^[A-Za-z0-9_-]*={0,2}$/

/**
 * An OTLP/JSON AnyValue (`{"stringValue": "…"}`, `{"intValue": "42"}`, …) to a
 * plain value. It walks the object's own keys once instead of probing each
 * member under both its JSON and its proto name: this runs for every
 * attribute, and one key is the norm. No member (or only unknown keys) is the
 * spec's "empty" AnyValue, read as null.
 */
export function anyValueFromJson(raw: unknown, depth: number): AttributeValue {
  if (raw === undefined || raw === null) return null
  const value = asObject(raw, 'an attribute value')
  for (const key in value) {
    const member = value[key]
    if (member === null || member === undefined) continue
    switch (key) {
      case 'stringValue':
      case 'string_value':
        if (typeof member === 'string') return member
        throw new OtlpDecodeError(`stringValue must be a string, got ${preview(member)}`)
      case 'intValue':
      case 'int_value':
        return int64Of(member, 'intValue')
      case 'doubleValue':
      case 'double_value':
        return doubleOf(member, 'doubleValue')
      case 'boolValue':
      case 'bool_value':
        if (typeof member === 'boolean') return member
        throw new OtlpDecodeError(`boolValue must be a boolean, got ${preview(member)}`)
      case 'kvlistValue':
      case 'kvlist_value':
        checkDepth(depth + 1)
        return attributesFromJson(listField(asObject(member, 'kvlistValue'), 'values', 'values'), depth + 1)
      case 'arrayValue':
      case 'array_value':
        return arrayFromJson(asObject(member, 'arrayValue'), depth + 1)
      case 'bytesValue':
      case 'bytes_value':
        return bytesOf(member)
    }
  }
  return null
}

function arrayFromJson(array: JsonObject, depth: number): AttributeValue[] {
  checkDepth(depth)
  const items = listField(array, 'values', 'values')
  const out: AttributeValue[] = new Array(items.length)
  for (let i = 0; i < items.length; i++) out[i] = anyValueFromJson(items[i], depth)
  return out
}

/** proto3 JSON writes bytes as base64 and parsers must accept the URL-safe alphabet too. */
function bytesOf(value: unknown): string {
  if (typeof value === 'string') {
    if (BASE64.test(value)) return value
    if (BASE64_URL.test(value)) return Buffer.from(value, 'base64url').toString('base64')
  }
  throw new OtlpDecodeError(`bytesValue must be a base64 string, got ${preview(value)}`)
}

export function attributesFromJson(list: readonly unknown[], depth = 0): Attributes {
  const out: Attributes = {}
  for (let i = 0; i < list.length; i++) {
    const kv = asObject(list[i], 'an attribute')
    setAttribute(out, stringField(kv, 'key', 'key'), anyValueFromJson(kv.value, depth))
  }
  return out
}

export function resourceFromJson(resource: JsonObject | undefined): OtlpResource {
  if (resource === undefined) return { attributes: {} }
  return { attributes: attributesFromJson(listField(resource, 'attributes', 'attributes')) }
}

export function scopeFromJson(scope: JsonObject | undefined): OtlpScope {
  if (scope === undefined) return { name: '', version: '' }
  return { name: stringField(scope, 'name', 'name'), version: stringField(scope, 'version', 'version') }
}
