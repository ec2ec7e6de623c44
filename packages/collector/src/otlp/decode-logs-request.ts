import { logRecordsFromJson } from './log-records-from-json.js'
import { logRecordsFromProtobuf } from './log-records-from-protobuf.js'
import { OtlpDecodeError } from './otlp-decode-error.js'
import { parseOtlpJson } from './otlp-json.js'
import type { OtlpFormat, OtlpLogRecord } from './otlp-types.js'

/**
 * Decodes the body of `POST /v1/logs` (an ExportLogsServiceRequest) into flat
 * log records; GenAI content can arrive here as the
 * `gen_ai.client.inference.operation.details` event. An empty body is an empty request.
 *
 * @throws OtlpDecodeError for anything that is not a valid request, never another error.
 */
export function decodeLogsRequest(body: Uint8Array, format: OtlpFormat): OtlpLogRecord[] {
  if (body.length === 0) return []
  try {
    if (format === 'json') return logRecordsFromJson(parseOtlpJson(body))
    return logRecordsFromProtobuf(body)
  } catch (error) {
    throw OtlpDecodeError.wrap(error, 'logs', format)
  }
}
