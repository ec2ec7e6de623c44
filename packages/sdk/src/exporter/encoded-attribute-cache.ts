import type { AttributeValue } from '@opentelemetry/api'

// A key whose values vary more than this (ids, token counts) is not worth caching.
const MAX_VALUES_PER_KEY = 64
const MAX_ENTRIES = 4096
const MAX_KEYS = 2048
// Longer strings are rarely repeated (messages, ids) and cheap to write relative to their size.
const MAX_CACHED_STRING = 64

/**
 * Encoded attributes that repeat from span to span. Most of a GenAI span's
 * attributes have a handful of values for the life of the app: the operation,
 * provider, models, use case, server address. Their encoded KeyValue (length
 * prefix included) is copied instead of re-encoding the key and value each
 * time, which is most of the encoder's work. A key that shows too many values
 * is marked as varying and skipped from then on, so memory stays bounded.
 */
export class EncodedAttributeCache {
  private readonly byKey = new Map<string, Map<AttributeValue, Uint8Array> | null>()
  private readonly keys = new Map<string, Uint8Array>()
  private entries = 0

  /** The encoded KeyValue (with its length prefix) for `key` = `value`, if cached. */
  get(key: string, value: AttributeValue | undefined): Uint8Array | undefined {
    return this.byKey.get(key)?.get(value as AttributeValue)
  }

  /** Whether {@link set} would keep this value: checked first, so that a varying key costs no copy. */
  accepts(key: string, value: AttributeValue | undefined): value is AttributeValue {
    return isCacheable(value) && this.entries < MAX_ENTRIES && this.byKey.get(key) !== null
  }

  /** Keeps `encoded` for `key` = `value` (see {@link accepts}); a key past its share of values is marked varying. */
  set(key: string, value: AttributeValue, encoded: Uint8Array): void {
    let values = this.byKey.get(key)
    if (values === null) return
    if (values === undefined) {
      if (this.byKey.size >= MAX_KEYS) return
      values = new Map()
      this.byKey.set(key, values)
    }
    if (values.size >= MAX_VALUES_PER_KEY) {
      this.entries -= values.size
      this.byKey.set(key, null)
      return
    }
    values.set(value, new Uint8Array(encoded))
    this.entries++
  }

  /** The encoded `key` field of a KeyValue (tag, length, UTF-8), for values that are not cached. */
  key(key: string): Uint8Array | undefined {
    return this.keys.get(key)
  }

  setKey(key: string, encoded: Uint8Array): void {
    if (this.keys.size < MAX_KEYS) this.keys.set(key, new Uint8Array(encoded))
  }
}

function isCacheable(value: AttributeValue | undefined): value is AttributeValue {
  if (typeof value === 'string') return value.length <= MAX_CACHED_STRING
  return typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value))
}
