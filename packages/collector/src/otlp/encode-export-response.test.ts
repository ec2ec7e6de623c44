import { describe, expect, it } from 'vitest'
import { encodeExportResponse } from './encode-export-response.js'
import { otlpProto } from './otlp-proto.js'

const decode = (type: keyof typeof otlpProto, bytes: Uint8Array) =>
  otlpProto[type].toObject(otlpProto[type].decode(bytes), { longs: String })

describe('encodeExportResponse', () => {
  it('answers full success with the empty message', () => {
    expect(encodeExportResponse('traces', 'protobuf')).toEqual(new Uint8Array(0))
    expect(encodeExportResponse('logs', 'json')).toBe('{}')
  })

  it('carries partial success with the rejected count named for each signal (protobuf)', () => {
    const partial = { rejected: 3, errorMessage: 'span has no model' }
    expect(decode('traceResponse', encodeExportResponse('traces', 'protobuf', partial))).toEqual({
      partialSuccess: { rejectedSpans: '3', errorMessage: 'span has no model' },
    })
    expect(decode('logsResponse', encodeExportResponse('logs', 'protobuf', partial))).toEqual({
      partialSuccess: { rejectedLogRecords: '3', errorMessage: 'span has no model' },
    })
    expect(decode('metricsResponse', encodeExportResponse('metrics', 'protobuf', partial))).toEqual({
      partialSuccess: { rejectedDataPoints: '3', errorMessage: 'span has no model' },
    })
  })

  it('writes OTLP/JSON names with int64 as a string', () => {
    expect(JSON.parse(encodeExportResponse('traces', 'json', { rejected: 2, errorMessage: 'bad' }))).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'bad' },
    })
    expect(
      JSON.parse(encodeExportResponse('metrics', 'json', { rejected: 0, errorMessage: 'warning' })),
    ).toEqual({
      partialSuccess: { rejectedDataPoints: '0', errorMessage: 'warning' },
    })
  })
})
