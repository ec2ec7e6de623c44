import { describe, expect, it } from 'vitest'
import { decodeLogsRequest } from './decode-logs-request.js'
import { OtlpDecodeError } from './otlp-decode-error.js'
import { otlpProto } from './otlp-proto.js'

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c'
const SPAN_ID = 'b7ad6b7169203331'
const kv = (key: string, value: object) => ({ key, value })

/** The GenAI content event, as a protobufjs-ready LogRecord. */
function makeLogRecord(overrides: Record<string, unknown> = {}) {
  return {
    timeUnixNano: '1700000000123456789',
    observedTimeUnixNano: '1700000000223456789',
    severityNumber: 9,
    severityText: 'INFO',
    eventName: 'gen_ai.client.inference.operation.details',
    traceId: Buffer.from(TRACE_ID, 'hex'),
    spanId: Buffer.from(SPAN_ID, 'hex'),
    attributes: [kv('gen_ai.operation.name', { stringValue: 'chat' })],
    body: { kvlistValue: { values: [kv('role', { stringValue: 'assistant' })] } },
    ...overrides,
  }
}

function encodeLogsRequest(logRecords: object[]): Uint8Array {
  const request = otlpProto.logsRequest.fromObject({
    resourceLogs: [
      {
        resource: { attributes: [kv('service.name', { stringValue: 'demo' })] },
        scopeLogs: [{ scope: { name: 'vigil-test' }, logRecords }],
      },
    ],
  })
  return otlpProto.logsRequest.encode(request).finish()
}

const expected = {
  timeUnixNano: '1700000000123456789',
  observedTimeUnixNano: '1700000000223456789',
  severityNumber: 9,
  severityText: 'INFO',
  body: { role: 'assistant' },
  attributes: { 'gen_ai.operation.name': 'chat' },
  traceId: TRACE_ID,
  spanId: SPAN_ID,
  eventName: 'gen_ai.client.inference.operation.details',
  resource: { attributes: { 'service.name': 'demo' } },
  scope: { name: 'vigil-test', version: '' },
}

describe('decodeLogsRequest', () => {
  it('decodes a protobuf log record with a structured body and event name', () => {
    expect(decodeLogsRequest(encodeLogsRequest([makeLogRecord()]), 'protobuf')).toEqual([expected])
  })

  it('decodes the same record from OTLP/JSON, enum names included', () => {
    const record = {
      timeUnixNano: '1700000000123456789',
      observed_time_unix_nano: '1700000000223456789',
      severityNumber: 'SEVERITY_NUMBER_INFO',
      severityText: 'INFO',
      eventName: 'gen_ai.client.inference.operation.details',
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      attributes: [kv('gen_ai.operation.name', { stringValue: 'chat' })],
      body: { kvlistValue: { values: [kv('role', { stringValue: 'assistant' })] } },
    }
    const body = Buffer.from(
      JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: [kv('service.name', { stringValue: 'demo' })] },
            scopeLogs: [{ scope: { name: 'vigil-test' }, logRecords: [record] }],
          },
        ],
      }),
    )
    expect(decodeLogsRequest(body, 'json')).toEqual([expected])
  })

  it('reads a record without body or ids as null and empty', () => {
    const [record] = decodeLogsRequest(encodeLogsRequest([{ severityText: 'WARN' }]), 'protobuf')
    expect(record).toMatchObject({ body: null, traceId: '', spanId: '', timeUnixNano: '0', eventName: '' })
  })

  it('treats an empty body as an empty request', () => {
    expect(decodeLogsRequest(new Uint8Array(0), 'json')).toEqual([])
  })

  it('rejects a JSON spanId of the wrong length', () => {
    const body = Buffer.from(
      JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ spanId: 'abc' }] }] }] }),
    )
    expect(() => decodeLogsRequest(body, 'json')).toThrow(OtlpDecodeError)
    expect(() => decodeLogsRequest(body, 'json')).toThrow(/logRecords\[0\]: spanId must be 16 hex characters/)
  })
})
