/**
 * Every error the collector reports to a client, with a stable code.
 * A code is never reused for another meaning: clients and dashboards match on it.
 */
export const ErrorCodes = {
  UNAUTHORIZED: { code: 'VIGIL_ERR_UNAUTHORIZED', statusCode: 401 },
  FORBIDDEN: { code: 'VIGIL_ERR_FORBIDDEN', statusCode: 403 },
  NOT_FOUND: { code: 'VIGIL_ERR_NOT_FOUND', statusCode: 404 },
  BAD_OTLP: { code: 'VIGIL_ERR_BAD_OTLP', statusCode: 400 },
  INVALID_PARAMS: { code: 'VIGIL_ERR_INVALID_PARAMS', statusCode: 400 },
  BAD_REQUEST: { code: 'VIGIL_ERR_BAD_REQUEST', statusCode: 400 },
  BODY_TOO_LARGE: { code: 'VIGIL_ERR_BODY_TOO_LARGE', statusCode: 413 },
  UNSUPPORTED_MEDIA_TYPE: { code: 'VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE', statusCode: 415 },
  UNSUPPORTED_ENCODING: { code: 'VIGIL_ERR_UNSUPPORTED_ENCODING', statusCode: 415 },
  OVERLOADED: { code: 'VIGIL_ERR_OVERLOADED', statusCode: 503 },
  /** One client is over its limit (a project's exports in flight, an API key's requests); others are still served. */
  RATE_LIMITED: { code: 'VIGIL_ERR_RATE_LIMITED', statusCode: 429 },
  STORAGE_UNAVAILABLE: { code: 'VIGIL_ERR_STORAGE_UNAVAILABLE', statusCode: 503 },
  INTERNAL: { code: 'VIGIL_ERR_INTERNAL', statusCode: 500 },
  INVALID_BODY: { code: 'VIGIL_ERR_INVALID_BODY', statusCode: 400 },
  RECOMPUTE_IN_PROGRESS: { code: 'VIGIL_ERR_RECOMPUTE_IN_PROGRESS', statusCode: 409 },
  /** A key was sent in the query string: refused, never used (URLs end up in logs and histories). */
  KEY_IN_URL: { code: 'VIGIL_ERR_KEY_IN_URL', statusCode: 400 },
  PROJECT_EXISTS: { code: 'VIGIL_ERR_PROJECT_EXISTS', statusCode: 409 },
  /** Revoking this key would leave its project without any admin key. */
  LAST_ADMIN_KEY: { code: 'VIGIL_ERR_LAST_ADMIN_KEY', statusCode: 409 },
  /** A definition loaded from `vigil.config.*` (source `file`): change it in the file, not through the API. */
  DEFINED_IN_FILE: { code: 'VIGIL_ERR_DEFINED_IN_FILE', statusCode: 409 },
  /** Readiness of a use case with no declared criteria and no calls in the window: most likely a misspelt name. */
  UNKNOWN_USE_CASE: { code: 'VIGIL_ERR_UNKNOWN_USE_CASE', statusCode: 404 },
  /** An alert channel of that name exists in the project already. */
  CHANNEL_EXISTS: { code: 'VIGIL_ERR_CHANNEL_EXISTS', statusCode: 409 },
  /** An alert rule with that id exists in the project already (POST creates; PUT replaces). */
  RULE_EXISTS: { code: 'VIGIL_ERR_RULE_EXISTS', statusCode: 409 },
  /** Alert evaluation was asked of a collector that does not evaluate (VIGIL_ALERTS_EVALUATOR=off). */
  NOT_EVALUATOR: { code: 'VIGIL_ERR_NOT_EVALUATOR', statusCode: 409 },
  /** Alert rules still send to the channel: deleting it would make their deliveries fail. */
  CHANNEL_IN_USE: { code: 'VIGIL_ERR_CHANNEL_IN_USE', statusCode: 409 },
} as const

export type ErrorKind = keyof typeof ErrorCodes

export interface VigilErrorOptions {
  cause?: unknown
  /** Seconds a client should wait before retrying (sent as `Retry-After`). */
  retryAfterSeconds?: number
}

export class VigilError extends Error {
  readonly code: string
  readonly statusCode: number
  readonly retryAfterSeconds: number | undefined

  constructor(kind: ErrorKind, message: string, options: VigilErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'VigilError'
    this.code = ErrorCodes[kind].code
    this.statusCode = ErrorCodes[kind].statusCode
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

// Fastify's own client errors (malformed JSON, body over bodyLimit, bad media type…) by status.
const kindsByStatus: Partial<Record<number, ErrorKind>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
}

/**
 * Any error reaching an error handler as a VigilError, the original kept as
 * `cause`. A framework 4xx keeps its status so bad input never becomes a 500
 * (which clients retry); a 4xx without a code of its own becomes
 * `unmappedClientError` when given, else INTERNAL like every other error.
 */
export function asVigilError(
  error: Error & { statusCode?: number },
  unmappedClientError?: ErrorKind,
): VigilError {
  if (error instanceof VigilError) return error
  const status = error.statusCode ?? 500
  const kind = status < 500 ? (kindsByStatus[status] ?? unmappedClientError) : undefined
  if (kind) return new VigilError(kind, error.message, { cause: error })
  return new VigilError('INTERNAL', 'Internal error; the collector log has the details', { cause: error })
}

/** Raised at start-up when a setting is invalid; names the setting. */
export class ConfigError extends Error {
  readonly code = 'VIGIL_ERR_BAD_CONFIG'
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}
