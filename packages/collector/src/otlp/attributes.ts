import { OtlpDecodeError } from './otlp-decode-error.js'
import type { Attributes, AttributeValue } from './otlp-types.js'

/**
 * How deep array and kvlist values may nest. The spec sets no limit, but a
 * hostile body can nest thousands of levels for a few bytes each; real
 * attributes (GenAI message parts included) stay well under this.
 */
export const MAX_VALUE_DEPTH = 32

export function checkDepth(depth: number): void {
  if (depth > MAX_VALUE_DEPTH) {
    throw new OtlpDecodeError(`attribute value nested deeper than ${MAX_VALUE_DEPTH} levels`)
  }
}

/**
 * Stores one key. Keys are unique per the spec; a repeated key keeps the last
 * value. Assigning `__proto__` on a plain object would replace its prototype
 * instead of storing the attribute, so that key is defined as an own property.
 */
export function setAttribute(target: Attributes, key: string, value: AttributeValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    target[key] = value
  }
}
