import { errorType } from '../error-type.js'

// The openai client's error classes, by name: the wrapper must not import
// `openai` at run time, and these names are part of its public API.
const TYPE_BY_CLASS: Array<[string, string]> = [
  // Subclass of APIConnectionError, so it is looked for first.
  ['APIConnectionTimeoutError', 'timeout'],
  ['APIUserAbortError', 'cancelled'],
  ['APIConnectionError', 'connection_error'],
]

/**
 * `error.type` for a failed OpenAI call, for `LlmCallRecorder.fail(error, { errorType })`
 * (the app always gets the original error). Errors with an HTTP status keep it
 * (`429` for rate limits, `500`…), as `errorType` does for every provider; the
 * openai client's status-less errors get a readable type instead of a class
 * name: `timeout` (the client's `timeout` fired), `cancelled` (the app
 * aborted), `connection_error` (no answer, or the connection dropped mid-stream).
 */
export function openAiErrorType(error: unknown): string {
  const classes = classNames(error)
  for (const [name, type] of TYPE_BY_CLASS) if (classes.includes(name)) return type
  if (isDroppedConnection(error)) return 'connection_error'
  return errorType(error)
}

/** Node's fetch (undici) fails a body read with `TypeError: terminated` when the server drops the socket. */
function isDroppedConnection(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'terminated'
}

function classNames(error: unknown): string[] {
  const names: string[] = []
  let proto: unknown = typeof error === 'object' && error !== null ? Object.getPrototypeOf(error) : null
  for (let depth = 0; proto !== null && proto !== undefined && depth < 10; depth++) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name
    if (typeof name === 'string') names.push(name)
    proto = Object.getPrototypeOf(proto)
  }
  return names
}
