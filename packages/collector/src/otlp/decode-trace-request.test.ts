import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { decodeTraceRequest } from './decode-trace-request.js'
import { OtlpDecodeError } from './otlp-decode-error.js'
import { otlpProto } from './otlp-proto.js'

const TRACE_ID = '5b8efff798038103d269b633813fc60c'
const SPAN_ID = 'eee19b7ec3c1b174'
const PARENT_ID = 'eee19b7ec3c1b173'

const kv = (key: string, value: object) => ({ key, value })

/** A protobufjs-ready Span (camelCase fields, bytes ids, int64 as strings). */
function makeSpan(overrides: Record<string, unknown> = {}) {
  return {
    traceId: Buffer.from(TRACE_ID, 'hex'),
    spanId: Buffer.from(SPAN_ID, 'hex'),
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: '1700000000123456789',
    endTimeUnixNano: '1700000001987654321',
    attributes: [kv('gen_ai.operation.name', { stringValue: 'chat' })],
    ...overrides,
  }
}

function encodeTraceRequest(spans: object[]): Uint8Array {
  const request = otlpProto.traceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', { stringValue: 'demo' })] },
        scopeSpans: [{ scope: { name: 'vigil-test', version: '1.0.0' }, spans }],
      },
    ],
  })
  return otlpProto.traceRequest.encode(request).finish()
}

/** An OTLP/JSON Span: hex ids, int64 as strings. */
function makeJsonSpan(overrides: Record<string, unknown> = {}) {
  return {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: '1700000000123456789',
    endTimeUnixNano: '1700000001987654321',
    ...overrides,
  }
}

const jsonBody = (spans: object[]) =>
  Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }))

function decodeError(run: () => unknown): OtlpDecodeError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(OtlpDecodeError)
    return error as OtlpDecodeError
  }
  throw new Error('expected an OtlpDecodeError')
}

describe('decodeTraceRequest (protobuf)', () => {
  it('decodes a span with hex ids, exact nanosecond times, status and events', () => {
    const body = encodeTraceRequest([
      makeSpan({
        parentSpanId: Buffer.from(PARENT_ID, 'hex'),
        droppedAttributesCount: 2,
        status: { code: 2, message: 'rate limited' },
        events: [
          {
            name: 'gen_ai.choice',
            timeUnixNano: '1700000000500000001',
            attributes: [kv('index', { intValue: 0 })],
          },
        ],
      }),
    ])
    const [span] = decodeTraceRequest(body, 'protobuf')
    expect(span).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      parentSpanId: PARENT_ID,
      name: 'chat gpt-4o',
      kind: 3,
      startTimeUnixNano: '1700000000123456789',
      endTimeUnixNano: '1700000001987654321',
      droppedAttributesCount: 2,
      statusCode: 2,
      statusMessage: 'rate limited',
      events: [{ name: 'gen_ai.choice', timeUnixNano: '1700000000500000001', attributes: { index: 0 } }],
      resource: { attributes: { 'service.name': 'demo' } },
      scope: { name: 'vigil-test', version: '1.0.0' },
    })
  })

  it('converts every AnyValue kind, keeping sent zero values', () => {
    const body = encodeTraceRequest([
      makeSpan({
        attributes: [
          kv('s', { stringValue: '' }),
          kv('i', { intValue: 0 }),
          kv('neg', { intValue: '-42' }),
          kv('d', { doubleValue: 0.7 }),
          kv('b', { boolValue: false }),
          kv('bytes', { bytesValue: Buffer.from('hi') }),
          kv('arr', { arrayValue: { values: [{ stringValue: 'stop' }, { intValue: 3 }] } }),
          kv('map', { kvlistValue: { values: [kv('role', { stringValue: 'user' })] } }),
          kv('empty', {}),
        ],
      }),
    ])
    expect(decodeTraceRequest(body, 'protobuf')[0]?.attributes).toEqual({
      s: '',
      i: 0,
      neg: -42,
      d: 0.7,
      b: false,
      bytes: 'aGk=',
      arr: ['stop', 3],
      map: { role: 'user' },
      empty: null,
    })
  })

  it('keeps an int_value of 2^53 + 1 exact as a decimal string', () => {
    const body = encodeTraceRequest([makeSpan({ attributes: [kv('big', { intValue: '9007199254740993' })] })])
    expect(decodeTraceRequest(body, 'protobuf')[0]?.attributes.big).toBe('9007199254740993')
  })

  it('shares one resource and one scope object between spans of the same batch', () => {
    const spans = decodeTraceRequest(
      encodeTraceRequest([makeSpan(), makeSpan({ name: 'embeddings' })]),
      'protobuf',
    )
    expect(spans).toHaveLength(2)
    expect(spans[0]?.resource).toBe(spans[1]?.resource)
    expect(spans[0]?.scope).toBe(spans[1]?.scope)
  })

  it('defaults missing ids and times to empty and zero', () => {
    const [span] = decodeTraceRequest(encodeTraceRequest([{ name: 'bare' }]), 'protobuf')
    expect(span).toMatchObject({ traceId: '', spanId: '', parentSpanId: '', startTimeUnixNano: '0', kind: 0 })
  })

  it('treats an empty body as an empty request', () => {
    expect(decodeTraceRequest(new Uint8Array(0), 'protobuf')).toEqual([])
    expect(decodeTraceRequest(new Uint8Array(0), 'json')).toEqual([])
  })

  it('skips fields it does not read, such as links and trace_state', () => {
    const { root } = protobuf.parse(`syntax = "proto3";
      message Link { bytes trace_id = 1; bytes span_id = 2; }
      message Span { bytes trace_id = 1; string trace_state = 3; string name = 5; repeated Link links = 13; fixed32 flags = 16; }
      message ScopeSpans { repeated Span spans = 2; string schema_url = 3; }
      message ResourceSpans { repeated ScopeSpans scope_spans = 2; }
      message Request { repeated ResourceSpans resource_spans = 1; }`)
    const type = root.lookupType('Request')
    const span = {
      traceId: Buffer.from(TRACE_ID, 'hex'),
      traceState: 'k=v',
      name: 'x',
      flags: 1,
      links: [{ spanId: Buffer.alloc(8, 1) }],
    }
    const body = type
      .encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [span], schemaUrl: 'u' }] }] }))
      .finish()
    expect(decodeTraceRequest(body, 'protobuf')[0]).toMatchObject({ traceId: TRACE_ID, name: 'x' })
  })

  it('fills the shared resource and scope even when they follow the spans on the wire', () => {
    const root = otlpProto.traceRequest.root
    const encode = (name: string, value: object) => {
      const type = root.lookupType(name)
      return type.encode(type.fromObject(value)).finish()
    }
    const scopeSpans = protobuf.Writer.create()
      .uint32((2 << 3) | 2)
      .bytes(encode('opentelemetry.proto.trace.v1.Span', makeSpan()))
      .uint32((1 << 3) | 2)
      .bytes(encode('opentelemetry.proto.common.v1.InstrumentationScope', { name: 'late-scope' }))
      .finish()
    const resourceSpans = protobuf.Writer.create()
      .uint32((2 << 3) | 2)
      .bytes(scopeSpans)
      .uint32((1 << 3) | 2)
      .bytes(
        encode('opentelemetry.proto.resource.v1.Resource', {
          attributes: [kv('service.name', { stringValue: 'late' })],
        }),
      )
      .finish()
    const body = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(resourceSpans)
      .finish()
    expect(decodeTraceRequest(body, 'protobuf')[0]).toMatchObject({
      resource: { attributes: { 'service.name': 'late' } },
      scope: { name: 'late-scope' },
    })
  })

  it('rejects bytes that are not protobuf', () => {
    const error = decodeError(() => decodeTraceRequest(Uint8Array.from([0x0a, 0x05, 0x01]), 'protobuf'))
    expect(error.message).toMatch(/^traces request is not valid OTLP\/protobuf: /)
    expect(error.cause).toBeInstanceOf(Error)
    decodeError(() => decodeTraceRequest(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 'protobuf'))
  })

  it('rejects an id of the wrong length', () => {
    const body = encodeTraceRequest([makeSpan({ spanId: Buffer.alloc(7, 1) })])
    expect(decodeError(() => decodeTraceRequest(body, 'protobuf')).message).toContain(
      'spanId must be 8 bytes, got 7',
    )
  })

  it('rejects attribute values nested past the depth limit', () => {
    let value: object = { stringValue: 'leaf' }
    for (let i = 0; i < 40; i++) value = { arrayValue: { values: [value] } }
    decodeError(() =>
      decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes: [kv('deep', value)] })]), 'protobuf'),
    )
  })
})

describe('decodeTraceRequest (JSON)', () => {
  it('decodes the OTLP/JSON example from the specification', () => {
    // opentelemetry-proto examples/trace.json: upper-case hex ids, int64 as strings.
    const body = Buffer.from(`{
      "resourceSpans": [{
        "resource": { "attributes": [{ "key": "service.name", "value": { "stringValue": "my.service" } }] },
        "scopeSpans": [{
          "scope": { "name": "my.library", "version": "1.0.0" },
          "spans": [{
            "traceId": "5B8EFFF798038103D269B633813FC60C",
            "spanId": "EEE19B7EC3C1B174",
            "parentSpanId": "EEE19B7EC3C1B173",
            "name": "I'm a server span",
            "startTimeUnixNano": "1544712660000000000",
            "endTimeUnixNano": "1544712661000000000",
            "kind": 2,
            "attributes": [{ "key": "my.span.attr", "value": { "stringValue": "some value" } }]
          }]
        }]
      }]
    }`)
    expect(decodeTraceRequest(body, 'json')).toEqual([
      {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        parentSpanId: PARENT_ID,
        name: "I'm a server span",
        kind: 2,
        startTimeUnixNano: '1544712660000000000',
        endTimeUnixNano: '1544712661000000000',
        attributes: { 'my.span.attr': 'some value' },
        droppedAttributesCount: 0,
        events: [],
        statusCode: 0,
        statusMessage: '',
        resource: { attributes: { 'service.name': 'my.service' } },
        scope: { name: 'my.library', version: '1.0.0' },
      },
    ])
  })

  it('accepts proto field names, numbers for int64, enum names, and ignores unknown fields', () => {
    const span = {
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      start_time_unix_nano: 1700000000000000000,
      kind: 'SPAN_KIND_CLIENT',
      status: { code: 'STATUS_CODE_ERROR' },
      links: [{ traceId: 'ignored' }],
      attributes: [kv('n', { int_value: 7 }), kv('big', { intValue: '9007199254740993' })],
    }
    expect(decodeTraceRequest(jsonBody([span]), 'json')[0]).toMatchObject({
      traceId: TRACE_ID,
      startTimeUnixNano: '1700000000000000000',
      kind: 3,
      statusCode: 2,
      attributes: { n: 7, big: '9007199254740993' },
    })
  })

  it('rejects a 31-character traceId, saying where it is', () => {
    const body = jsonBody([makeJsonSpan(), makeJsonSpan({ traceId: TRACE_ID.slice(1) })])
    const error = decodeError(() => decodeTraceRequest(body, 'json'))
    expect(error.message).toContain(
      'resourceSpans[0].scopeSpans[0].spans[1]: traceId must be 32 hex characters',
    )
  })

  it('rejects base64 and non-hex ids', () => {
    const base64 = Buffer.from(TRACE_ID, 'hex').toString('base64')
    expect(
      decodeError(() => decodeTraceRequest(jsonBody([makeJsonSpan({ traceId: base64 })]), 'json')).message,
    ).toContain('not base64')
    decodeError(() => decodeTraceRequest(jsonBody([makeJsonSpan({ spanId: 'zzzzzzzzzzzzzzzz' })]), 'json'))
  })

  it('rejects a body that is not JSON, keeping the parser error as cause', () => {
    const error = decodeError(() => decodeTraceRequest(Buffer.from('{"resourceSpans": ['), 'json'))
    expect(error.message).toContain('body is not JSON')
    expect(error.cause).toBeInstanceOf(SyntaxError)
  })

  it.each([
    ['a top-level array', '[]'],
    ['resourceSpans as an object', '{"resourceSpans": {}}'],
    ['a string span', '{"resourceSpans": [{"scopeSpans": [{"spans": ["x"]}]}]}'],
    [
      'a bare attribute value',
      '{"resourceSpans": [{"scopeSpans": [{"spans": [{"attributes": [{"key": "k", "value": 1}]}]}]}]}',
    ],
    ['a negative time', '{"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": "-1"}]}]}]}'],
    [
      'a time beyond uint64',
      '{"resourceSpans": [{"scopeSpans": [{"spans": [{"endTimeUnixNano": "18446744073709551616"}]}]}]}',
    ],
  ])('rejects %s', (_, text) => {
    decodeError(() => decodeTraceRequest(Buffer.from(text), 'json'))
  })

  it('rejects attribute values nested past the depth limit', () => {
    let value: object = { stringValue: 'leaf' }
    for (let i = 0; i < 40; i++) value = { kvlistValue: { values: [kv('k', value)] } }
    const error = decodeError(() =>
      decodeTraceRequest(jsonBody([makeJsonSpan({ attributes: [kv('deep', value)] })]), 'json'),
    )
    expect(error.message).toContain('nested deeper than 32 levels')
  })

  it('stores a __proto__ attribute key as data, not as a prototype', () => {
    const body = jsonBody([makeJsonSpan({ attributes: [kv('__proto__', { stringValue: 'x' })] })])
    const attributes = decodeTraceRequest(body, 'json')[0]?.attributes ?? {}
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype)
    expect(Object.hasOwn(attributes, '__proto__')).toBe(true)
  })
})
