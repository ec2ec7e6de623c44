/**
 * Where the SDK reports its own problems. The SDK never throws into the host
 * app, so this is the only channel through which a misconfiguration or an
 * unreachable collector becomes visible.
 *
 * @example
 * ```ts
 * import { init, type VigilLogger } from '@vigil/sdk'
 * const logger: VigilLogger = {
 *   debug: (m) => pino.debug(m),
 *   warn: (m) => pino.warn(m),
 *   error: (m) => pino.error(m),
 * }
 * init({ logger })
 * ```
 */
export interface VigilLogger {
  debug(message: string): void
  warn(message: string): void
  error(message: string): void
}

const PREFIX = '[vigil]'

/**
 * The default logger: writes to the console with a `[vigil]` prefix.
 *
 * @example
 * ```ts
 * init({ logger: createConsoleLogger() })
 * ```
 */
export function createConsoleLogger(): VigilLogger {
  return {
    debug: (message) => console.debug(PREFIX, message),
    warn: (message) => console.warn(PREFIX, message),
    error: (message) => console.error(PREFIX, message),
  }
}

/**
 * Wraps a logger so that debug lines appear only when `debug` is on and a
 * throwing logger can never break the host app through the SDK.
 */
export function guardLogger(logger: VigilLogger, debug: boolean): VigilLogger {
  const safe =
    (write: (message: string) => void) =>
    (message: string): void => {
      try {
        write.call(logger, message)
      } catch {
        // A broken logger leaves the SDK nowhere to report; staying silent is the only safe choice.
      }
    }
  return {
    debug: debug ? safe(logger.debug) : () => {},
    warn: safe(logger.warn),
    error: safe(logger.error),
  }
}

/** Short description of an unknown thrown value, for log lines. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
