import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { asVigilError, type VigilError } from '../errors.js'
import { contentTypes, otlpFormatOf } from './otlp-body-parser.js'
import { encodeRpcStatus, rpcCodeFor } from './rpc-status.js'

/** Response header repeating the stable Vigil code, for clients that read neither body format. */
export const ERROR_CODE_HEADER = 'vigil-error-code'

/**
 * Error handler of the OTLP routes. OTLP/HTTP "Failures": the body is a
 * google.rpc.Status in the request's encoding (protobuf for protobuf
 * requests, JSON otherwise), so exporters can show the message; /api/* keeps
 * Vigil's `{ error: { code, message } }` (the root handler in app.ts).
 * Fastify's own errors (malformed headers…) keep their 4xx: bad input never
 * becomes a 500, which clients would retry.
 */
export function otlpErrorHandler(onError?: (error: VigilError, request: FastifyRequest) => void) {
  return (raw: FastifyError | VigilError, request: FastifyRequest, reply: FastifyReply) => {
    const error = asVigilError(raw, 'BAD_REQUEST')
    onError?.(error, request)
    if (error.statusCode >= 500 && error.code === 'VIGIL_ERR_INTERNAL') {
      request.log.error({ err: raw }, error.message)
    } else if (error.statusCode >= 500) {
      // Expected under load; the cause (a ClickHouse error) is what an operator needs.
      request.log.warn({ code: error.code, err: error.cause }, error.message)
    }
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds))
    // Known before the body is read (a 401 from the onRequest hook, too): the declared Content-Type.
    const format = request.otlpFormat ?? otlpFormatOf(request.headers['content-type']) ?? 'json'
    const body = encodeRpcStatus(
      { code: rpcCodeFor(error.statusCode), message: error.message, reason: error.code },
      format,
    )
    return reply
      .status(error.statusCode)
      .header(ERROR_CODE_HEADER, error.code)
      .type(contentTypes[format])
      .send(body)
  }
}
