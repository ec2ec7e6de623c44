import { errorType } from '../error-type.js'

/**
 * The HTTP status Anthropic uses for each error `type`
 * (https://docs.anthropic.com/en/api/errors). An error event inside a stream
 * that already answered 200 has a `type` but no status; mapping it to the
 * status lets `error.type` count a mid-stream overload like any other 529.
 */
const STATUS_OF_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
}

/** Low-cardinality `error.type` of a stream that closed cleanly before `message_stop`. */
export const INCOMPLETE_STREAM_ERROR_TYPE = 'incomplete_stream'

/**
 * `error.type` for a failed Anthropic call, for `LlmCallRecorder.fail(error, { errorType })`
 * (the app always gets the original error). Like {@link errorType} (the HTTP
 * status when there is one: `429`, `529`, `500`…), with three refinements:
 * `timeout` for the client's own timeout (`APIConnectionTimeoutError`), the
 * value the semantic conventions give as their example; the status of the
 * error `type` of a mid-stream error event; and the network code (e.g.
 * `UND_ERR_SOCKET`, `ECONNRESET`) of a connection lost while reading, which
 * fetch reports as a bare `TypeError`.
 *
 * @example
 * ```ts
 * anthropicErrorType(new Anthropic.RateLimitError(429, body, undefined, headers)) // '429'
 * anthropicErrorType(new Anthropic.APIConnectionTimeoutError()) // 'timeout'
 * ```
 */
export function anthropicErrorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return errorType(error)
  const { name, status, type } = error as { name?: unknown; status?: unknown; type?: unknown }
  // The SDK names its errors explicitly (`name`), so this survives minification of class names.
  if (name === 'APIConnectionTimeoutError') return 'timeout'
  if (status === undefined && typeof type === 'string' && STATUS_OF_TYPE[type] !== undefined) {
    return String(STATUS_OF_TYPE[type])
  }
  // fetch reports a connection lost mid-body as `TypeError: terminated`; its cause has the code.
  const code = (error as { cause?: { code?: unknown } }).cause?.code
  if (error instanceof TypeError && typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)) return code
  return errorType(error)
}
