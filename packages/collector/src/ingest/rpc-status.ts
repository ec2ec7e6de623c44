import protobuf from 'protobufjs'
import type { OtlpFormat } from '../otlp/otlp-types.js'

/*
 * OTLP/HTTP "Failures": an error response body is a google.rpc.Status
 * (googleapis google/rpc/status.proto), encoded like the request, so a client
 * that sent protobuf can decode the message. The Vigil error code rides along
 * as a google.rpc.ErrorInfo detail (google/rpc/error_details.proto), the
 * standard slot for a machine-readable reason.
 */
const root = protobuf.parse(`
syntax = "proto3";
package google.rpc;
message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
message Any { string type_url = 1; bytes value = 2; }
message ErrorInfo { string reason = 1; string domain = 2; }
`).root
const StatusType = root.lookupType('google.rpc.Status')
const ErrorInfoType = root.lookupType('google.rpc.ErrorInfo')

const ERROR_INFO_URL = 'type.googleapis.com/google.rpc.ErrorInfo'
export const ERROR_DOMAIN = 'vigil'

/** google.rpc.Code values (google/rpc/code.proto). */
export const RpcCode = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const

/**
 * The google.rpc.Code that goes with an HTTP status, following code.proto's
 * own HTTP mapping. 413 has none there; gRPC itself reports an over-size
 * message as RESOURCE_EXHAUSTED, so that is used. The HTTP status, not this
 * code, is what OTLP/HTTP clients act on.
 */
export function rpcCodeFor(httpStatus: number): number {
  switch (httpStatus) {
    case 401:
      return RpcCode.UNAUTHENTICATED
    case 403:
      return RpcCode.PERMISSION_DENIED
    case 404:
      return RpcCode.NOT_FOUND
    case 413:
    case 429:
      return RpcCode.RESOURCE_EXHAUSTED
    case 502:
    case 503:
    case 504:
      return RpcCode.UNAVAILABLE
    default:
      return httpStatus < 500 ? RpcCode.INVALID_ARGUMENT : RpcCode.INTERNAL
  }
}

export interface RpcStatus {
  code: number
  message: string
  /** The Vigil error code (`VIGIL_ERR_…`), sent as ErrorInfo.reason. */
  reason: string
}

/** The Status body in the request's format: protobuf bytes, or proto3 JSON text. */
export function encodeRpcStatus(status: RpcStatus, format: OtlpFormat): Uint8Array | string {
  if (format === 'json') {
    return JSON.stringify({
      code: status.code,
      message: status.message,
      details: [{ '@type': ERROR_INFO_URL, reason: status.reason, domain: ERROR_DOMAIN }],
    })
  }
  const info = ErrorInfoType.encode({ reason: status.reason, domain: ERROR_DOMAIN }).finish()
  return StatusType.encode({
    code: status.code,
    message: status.message,
    details: [{ typeUrl: ERROR_INFO_URL, value: info }],
  }).finish()
}

/** Decodes a protobuf Status (tests and tools); throws on bytes that are not one. */
export function decodeRpcStatus(bytes: Uint8Array): RpcStatus {
  const decoded = StatusType.toObject(StatusType.decode(bytes), { defaults: true }) as {
    code: number
    message: string
    details: { typeUrl: string; value: Uint8Array }[]
  }
  const detail = decoded.details.find((d) => d.typeUrl === ERROR_INFO_URL)
  const info = detail
    ? (ErrorInfoType.toObject(ErrorInfoType.decode(detail.value)) as { reason?: string })
    : {}
  return { code: decoded.code, message: decoded.message, reason: info.reason ?? '' }
}
