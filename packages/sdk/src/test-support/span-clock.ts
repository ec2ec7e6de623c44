import { hrTimeToMilliseconds } from '@opentelemetry/core'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'

/**
 * OpenTelemetry converts each span's times to epoch time through doubles of
 * about 1.7e12 ms, which hold a fraction of a microsecond: a rounding margin,
 * not a timing margin.
 */
const ROUNDING_MS = 0.001

/**
 * Whether `span` had ended by `deadline`, given that it started no earlier
 * than `notBefore`; both are `performance.now()` readings the test takes
 * around the events it controls. The check orders events instead of
 * measuring delays, so a slow or loaded machine cannot fail it: only the
 * span's duration is used, which is exact in `performance.now()` terms,
 * whereas its start and end times are anchored to the wall clock separately
 * for each span (to within a millisecond or so). Test support only.
 *
 * @example
 * ```ts
 * const before = performance.now()
 * await observe(meta, fn)
 * const after = performance.now()
 * expect(endedBy(span, before, after)).toBe(true)
 * ```
 */
export function endedBy(span: ReadableSpan, notBefore: number, deadline: number): boolean {
  return notBefore + hrTimeToMilliseconds(span.duration) <= deadline + ROUNDING_MS
}
