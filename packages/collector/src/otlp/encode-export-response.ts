import { otlpProto } from './otlp-proto.js'
import type { OtlpFormat, OtlpSignal } from './otlp-types.js'

/** What the collector could not accept from an otherwise successful export. */
export interface OtlpPartialSuccess {
  rejected: number
  errorMessage: string
}

// collector/*/v1/*_service.proto: each signal names its rejected counter differently.
const RESPONSES = {
  traces: { type: otlpProto.traceResponse, rejectedField: 'rejectedSpans' },
  logs: { type: otlpProto.logsResponse, rejectedField: 'rejectedLogRecords' },
  metrics: { type: otlpProto.metricsResponse, rejectedField: 'rejectedDataPoints' },
} as const

const EMPTY_PROTOBUF = new Uint8Array(0)

/**
 * The body of a 200 answer to an export: an Export…ServiceResponse in the
 * request's format. Without `partial` it is the empty message, which means full
 * success; with it, `partial_success` carries the rejected count and the reason,
 * and clients do not retry (OTLP/HTTP "Partial Success"). JSON uses the
 * lowerCamelCase names and writes int64 as a string, as proto3 JSON does.
 */
export function encodeExportResponse(
  signal: OtlpSignal,
  format: 'protobuf',
  partial?: OtlpPartialSuccess,
): Uint8Array
export function encodeExportResponse(signal: OtlpSignal, format: 'json', partial?: OtlpPartialSuccess): string
export function encodeExportResponse(
  signal: OtlpSignal,
  format: OtlpFormat,
  partial?: OtlpPartialSuccess,
): Uint8Array | string
export function encodeExportResponse(
  signal: OtlpSignal,
  format: OtlpFormat,
  partial?: OtlpPartialSuccess,
): Uint8Array | string {
  if (partial === undefined) return format === 'json' ? '{}' : EMPTY_PROTOBUF
  const { type, rejectedField } = RESPONSES[signal]
  const rejected = Math.max(0, Math.trunc(partial.rejected))
  if (format === 'json') {
    return JSON.stringify({
      partialSuccess: { [rejectedField]: String(rejected), errorMessage: partial.errorMessage },
    })
  }
  return type
    .encode(
      type.fromObject({ partialSuccess: { [rejectedField]: rejected, errorMessage: partial.errorMessage } }),
    )
    .finish()
}
