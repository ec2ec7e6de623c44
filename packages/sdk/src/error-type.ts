/**
 * The `error.type` value for a failed call: the HTTP status code when the error
 * carries one (provider SDKs such as openai and @anthropic-ai/sdk put it on
 * `status`), else the error's class name. Both are low-cardinality, as the
 * semantic conventions require; `_OTHER` is their value for "unknown".
 */
export function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '_OTHER'
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown }
  const code = isErrorStatus(status) ? status : statusCode
  if (isErrorStatus(code)) return String(code)
  const name = (error as { name?: unknown }).name
  // `class RateLimited extends Error {}` keeps name 'Error'; its constructor says more.
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name
  const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name
  if (typeof ctor === 'string' && ctor !== '' && ctor !== 'Object') return ctor
  return typeof name === 'string' && name !== '' ? name : '_OTHER'
}

function isErrorStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599
}
