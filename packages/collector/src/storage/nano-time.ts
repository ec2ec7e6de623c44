const NANOS_PER_SECOND = 1_000_000_000n

/**
 * An ISO 8601 UTC time with all nine fraction digits of a stored
 * `DateTime64(9)` (read as `toUnixTimestamp64Nano`): a `Date` keeps only
 * milliseconds, and two spans of one trace often start within the same one.
 *
 * @example
 * isoFromNanos('1704067200123456789') // '2024-01-01T00:00:00.123456789Z'
 */
export function isoFromNanos(nanos: string): string {
  const value = BigInt(nanos)
  const seconds = value / NANOS_PER_SECOND
  const fraction = value % NANOS_PER_SECOND
  // Before 1970 BigInt division truncates towards zero; OTLP times are unsigned, so keep it simple.
  if (value < 0n) return new Date(Number(value / 1_000_000n)).toISOString()
  const whole = new Date(Number(seconds) * 1000).toISOString()
  return `${whole.slice(0, -5)}.${fraction.toString().padStart(9, '0')}Z`
}

/** Milliseconds between two stored nanosecond times (may be fractional). */
export function millisBetween(startNanos: string, endNanos: string): number {
  return Number(BigInt(endNanos) - BigInt(startNanos)) / 1e6
}

/** Orders decimal nanosecond strings numerically. */
export function compareNanos(a: string, b: string): number {
  const x = BigInt(a)
  const y = BigInt(b)
  return x < y ? -1 : x > y ? 1 : 0
}
