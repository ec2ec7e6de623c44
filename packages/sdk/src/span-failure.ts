import { type Span, SpanStatusCode } from '@opentelemetry/api'
import { ATTR_ERROR_TYPE } from './attributes.js'
import { errorType } from './error-type.js'

/** Long enough for a provider's error message, short enough not to carry a whole response body. */
const MAX_STATUS_MESSAGE_LENGTH = 300

/**
 * Marks `span` failed: `error.type` (by default derived from the error: its
 * HTTP status or class name) and an ERROR status with the error's message.
 * `error` may also be a plain description, for a failure that is no exception.
 */
export function markFailed(span: Span, error: unknown, type: string = errorType(error)): void {
  span.setAttribute(ATTR_ERROR_TYPE, type)
  const message = error instanceof Error ? error.message : String(error)
  span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, MAX_STATUS_MESSAGE_LENGTH) })
}
