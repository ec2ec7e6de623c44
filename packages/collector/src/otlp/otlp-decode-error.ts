import type { OtlpFormat, OtlpSignal } from './otlp-types.js'

/**
 * A request body that is not a valid OTLP export request. The HTTP layer
 * answers it with 400, which OTLP clients never retry (OTLP/HTTP "Failures").
 */
export class OtlpDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'OtlpDecodeError'
  }

  /**
   * Turns anything a decoder threw (protobufjs' RangeError, a JSON SyntaxError,
   * a failed shape check, even a stack overflow) into one OtlpDecodeError that
   * names the signal and format, keeping the original as `cause`.
   */
  static wrap(error: unknown, signal: OtlpSignal, format: OtlpFormat): OtlpDecodeError {
    const where = `${signal} request is not valid OTLP/${format === 'json' ? 'JSON' : 'protobuf'}`
    if (error instanceof OtlpDecodeError) {
      return new OtlpDecodeError(`${where}: ${error.message}`, { cause: error.cause ?? error })
    }
    const detail = error instanceof Error ? error.message : String(error)
    return new OtlpDecodeError(`${where}: ${detail}`, { cause: error })
  }
}
