import type { LlmCall } from './llm-call.js'
import type { LogRow } from './log-row.js'
import type { SignalRow } from './signal-row.js'
import type { SpanRow } from './span-row.js'

/*
 * The last check before rows reach the writer: every value must fit its
 * ClickHouse column. One row that does not (a negative UInt8, a time
 * DateTime64 cannot read) fails the whole insert, and with it every request
 * batched alongside; the writer answers 503 and the sender retries the same
 * row forever. So a row that cannot be stored is rejected here (partial
 * success: never retried), and an out-of-range open-enum value becomes
 * "unspecified" (proto3 enums are open; unknown values are legal on the wire).
 * Found by tests/ingest-fuzz.test.ts.
 */

// Times travel to ClickHouse as decimal nanosecond strings, which DateTime64(9)
// reads as a number only at 19 digits: shorter ones are tried as date formats
// (YYYYMMDD…) and fail or misread. 19 digits start at 1e18 ns, 2001-09-09T01:46:40Z;
// DateTime64(9) ends at 2262-04-11T23:47:16.854775807Z (int64 nanoseconds).
const MAX_NANOS = '9223372036854775807'
const NINETEEN_DIGITS = /^[1-9][0-9]{18}$/

/** Whether a nanosecond timestamp is one the tables can hold (2001-09-09 … 2262-04-11). */
export function isStorableTime(nanos: string): boolean {
  // Equal-length digit strings compare like the numbers they spell.
  return NINETEEN_DIGITS.test(nanos) && nanos <= MAX_NANOS
}

const TIME_RANGE = 'outside 2001-09-09…2262-04-11'
const MAX_SPAN_KIND = 5 // trace.proto SpanKind: UNSPECIFIED … CONSUMER
const MAX_STATUS_CODE = 2 // Status.StatusCode: UNSET, OK, ERROR
const MAX_SEVERITY = 24 // logs.proto SeverityNumber: UNSPECIFIED … FATAL4

/** Returns why the call cannot be stored, after clamping what can be clamped. */
export function checkCall(call: LlmCall): string | undefined {
  if (!isStorableTime(call.start_time) || !isStorableTime(call.end_time)) {
    return `span "${clip(call.span_name)}" has a start or end time ${TIME_RANGE}`
  }
  // UInt64 columns; JSON writes numbers ≥ 1e21 in exponent form, which they cannot read.
  // An absurd count is an unknown count (null), never a made-up one.
  call.input_tokens = count(call.input_tokens)
  call.output_tokens = count(call.output_tokens)
  call.cache_read_tokens = count(call.cache_read_tokens)
  call.cache_creation_tokens = count(call.cache_creation_tokens)
  call.reasoning_tokens = count(call.reasoning_tokens)
  call.fallback_attempt = inRange(call.fallback_attempt, 0xffff) // UInt16
  return undefined
}

export function checkSpanRow(span: SpanRow): string | undefined {
  if (!isStorableTime(span.start_time) || !isStorableTime(span.end_time)) {
    return `span "${clip(span.name)}" has a start or end time ${TIME_RANGE}`
  }
  span.kind = inRange(span.kind, MAX_SPAN_KIND)
  span.status_code = inRange(span.status_code, MAX_STATUS_CODE)
  return undefined
}

export function checkLogRow(log: LogRow): string | undefined {
  if (!isStorableTime(log.time) || !isStorableTime(log.observed_time)) {
    return `log record has a time ${TIME_RANGE}`
  }
  log.severity_number = inRange(log.severity_number, MAX_SEVERITY)
  return undefined
}

export function checkSignalRow(signal: SignalRow): string | undefined {
  if (!isStorableTime(signal.time)) return `${signal.kind} signal has a time ${TIME_RANGE}`
  // Float64 holds any finite number; NaN and infinities would poison every mean and sum.
  if (signal.value !== null && !Number.isFinite(signal.value))
    return `${signal.kind} signal has no finite value`
  return undefined
}

function count(n: number | null): number | null {
  return n !== null && Number.isSafeInteger(n) && n >= 0 ? n : null
}

/** An integer in 0…max, else 0 (the "unspecified" of every enum here). */
function inRange(n: number, max: number): number {
  return Number.isInteger(n) && n >= 0 && n <= max ? n : 0
}

function clip(name: string): string {
  return name.length > 100 ? `${name.slice(0, 100)}…` : name
}
