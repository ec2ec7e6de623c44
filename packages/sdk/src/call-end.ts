/** When the call ended, for a span ended later than that. */
export interface CallEnd {
  /**
   * A `performance.now()` reading: when the call really ended, for a span
   * recorded after the fact (a stream the app dropped, found by the garbage
   * collector, ends at the app's last read). Default: now.
   */
  endTime?: number
}

/** How a failed call is recorded. */
export interface CallFailure extends CallEnd {
  /**
   * `error.type`, when the wrapper knows it better than the error's status or
   * class name does (`timeout`, `content_filter`, `incomplete_stream`…).
   */
  errorType?: string
}

/**
 * `time` when it is a `performance.now()` reading not in the future, else
 * undefined (now): OpenTelemetry would take a larger number for epoch
 * milliseconds, so a wrong value must not reach `span.end()`.
 */
export function validEndTime(time: number | undefined): number | undefined {
  return typeof time === 'number' && Number.isFinite(time) && time >= 0 && time <= performance.now()
    ? time
    : undefined
}
