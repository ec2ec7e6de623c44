import { describe, expect, it } from 'vitest'
import { decodeLogsRequest } from './decode-logs-request.js'
import { decodeMetricsRequest } from './decode-metrics-request.js'
import { decodeTraceRequest } from './decode-trace-request.js'
import { OtlpDecodeError } from './otlp-decode-error.js'
import { otlpProto } from './otlp-proto.js'
import type { OtlpFormat } from './otlp-types.js'

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const kv = (key: string, value: object) => ({ key, value })
const attributes = [
  kv('gen_ai.request.model', { stringValue: 'gpt-4o' }),
  kv('gen_ai.usage.input_tokens', { intValue: '1200' }),
  kv('gen_ai.response.finish_reasons', { arrayValue: { values: [{ stringValue: 'stop' }] } }),
  kv('m', { kvlistValue: { values: [kv('d', { doubleValue: 0.5 }), kv('b', { boolValue: true })] } }),
]
function makeRequest(traceId: Uint8Array | string, spanId: Uint8Array | string) {
  const span = {
    traceId,
    spanId,
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: '1700000000123456789',
    attributes,
    events: [{ name: 'e', attributes }],
    status: { code: 2 },
  }
  return {
    resourceSpans: [{ resource: { attributes }, scopeSpans: [{ scope: { name: 's' }, spans: [span] }] }],
  }
}
const protobufRequest = otlpProto.traceRequest.fromObject(
  makeRequest(Buffer.alloc(16, 7), Buffer.alloc(8, 9)),
)
const validProtobuf = otlpProto.traceRequest.encode(protobufRequest).finish()
const validJson = Buffer.from(JSON.stringify(makeRequest('07'.repeat(16), '09'.repeat(8))))

const decoders = [decodeTraceRequest, decodeLogsRequest, decodeMetricsRequest]

function mutate(source: Uint8Array, next: () => number): Uint8Array {
  const bytes = Buffer.from(source)
  switch (Math.floor(next() * 4)) {
    case 0:
      return bytes.subarray(0, Math.floor(next() * bytes.length))
    case 1:
      for (let i = 0; i < 1 + next() * 4; i++)
        bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256)
      return bytes
    case 2: {
      const at = Math.floor(next() * bytes.length)
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from([Math.floor(next() * 256)]),
        bytes.subarray(at),
      ])
    }
    default:
      return Buffer.from(Array.from({ length: Math.floor(next() * 64) }, () => Math.floor(next() * 256)))
  }
}

const REPLACEMENTS: unknown[] = [
  null,
  0,
  -1,
  1.5,
  '',
  'x',
  'ZZ',
  true,
  [],
  {},
  [1],
  { a: 1 },
  '18446744073709551616',
  2 ** 64,
]

/** Replaces one random node of the valid JSON request: wrong types and values rather than broken syntax. */
function mutateJson(next: () => number): Uint8Array {
  const root: unknown = JSON.parse(validJson.toString('utf8'))
  const slots: [Record<string, unknown>, string][] = []
  const walk = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return
    for (const key of Object.keys(node)) {
      slots.push([node as Record<string, unknown>, key])
      walk((node as Record<string, unknown>)[key])
    }
  }
  walk(root)
  const [parent, key] = slots[Math.floor(next() * slots.length)] as [Record<string, unknown>, string]
  parent[key] = REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)]
  return Buffer.from(JSON.stringify(root))
}

function expectDecodedOrRejected(body: Uint8Array, format: OtlpFormat) {
  for (const decode of decoders) {
    try {
      expect(Array.isArray(decode(body, format))).toBe(true)
    } catch (error) {
      if (!(error instanceof OtlpDecodeError)) throw error
      // Our own checks, or JSON.parse: anything else (a TypeError, a RangeError
      // from Buffer) would be a decoder bug that the wrapping hides.
      const cause = error.cause
      if (!(cause instanceof OtlpDecodeError || cause instanceof SyntaxError)) throw error
    }
  }
}

describe('OTLP decoders under random input', () => {
  it('either decode or throw OtlpDecodeError for mutated protobuf bodies', () => {
    const next = random(1)
    for (let i = 0; i < 3000; i++) expectDecodedOrRejected(mutate(validProtobuf, next), 'protobuf')
  })

  it('either decode or throw OtlpDecodeError for mutated JSON bodies', () => {
    const next = random(2)
    expect(decodeTraceRequest(validJson, 'json')).toHaveLength(1)
    for (let i = 0; i < 3000; i++) expectDecodedOrRejected(mutate(validJson, next), 'json')
  })

  it('either decode or throw OtlpDecodeError for JSON bodies with wrong types and values', () => {
    const next = random(3)
    for (let i = 0; i < 3000; i++) expectDecodedOrRejected(mutateJson(next), 'json')
  })

  it('rejects very deep nesting without overflowing the stack', () => {
    const depth = 100_000
    const json = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":${'{"arrayValue":{"values":['.repeat(depth)}${']}}'.repeat(depth)}}]}]}]}]}`
    expect(() => decodeTraceRequest(Buffer.from(json), 'json')).toThrow(OtlpDecodeError)
    // AnyValue{array_value{values: AnyValue{…}}} nested in protobuf, inside-out.
    let nested: Uint8Array = Uint8Array.from([0x0a, 0x00])
    for (let i = 0; i < 5000; i++)
      nested = Buffer.concat([
        Buffer.from([0x2a, ...varint(nested.length + 2), 0x0a, ...varint(nested.length)]),
        nested,
      ])
    expectDecodedOrRejected(nested, 'protobuf')
  })
})

function varint(n: number): number[] {
  const out: number[] = []
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80)
    n >>>= 7
  }
  out.push(n)
  return out
}
