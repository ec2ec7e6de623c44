import { OtlpDecodeError } from './otlp-decode-error.js'
import { parseOtlpJson } from './otlp-json.js'
import type { OtlpFormat, OtlpSpan } from './otlp-types.js'
import { spansFromJson } from './spans-from-json.js'
import { spansFromProtobuf } from './spans-from-protobuf.js'

/**
 * Decodes the body of `POST /v1/traces` (an ExportTraceServiceRequest) into
 * flat spans. An empty body is an empty request, valid in either format.
 *
 * @throws OtlpDecodeError for anything that is not a valid request, never another error.
 */
export function decodeTraceRequest(body: Uint8Array, format: OtlpFormat): OtlpSpan[] {
  if (body.length === 0) return []
  try {
    if (format === 'json') return spansFromJson(parseOtlpJson(body))
    return spansFromProtobuf(body)
  } catch (error) {
    throw OtlpDecodeError.wrap(error, 'traces', format)
  }
}
