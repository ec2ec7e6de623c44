import { type Context, SpanStatusCode } from '@opentelemetry/api'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { StatsCounters } from './stats.js'

/**
 * Keeps a `rate` fraction of successful spans and every failed one. The
 * decision is made when the span ends, because only then is it known whether
 * the call failed; a head sampler would throw away exactly the errors people
 * look for. Dropped spans never reach the export queue, so they cost no
 * queue space or bandwidth.
 */
export class SamplingProcessor implements SpanProcessor {
  constructor(
    private readonly next: SpanProcessor,
    private readonly rate: number,
    private readonly stats: StatsCounters,
  ) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext)
  }

  onEnd(span: ReadableSpan): void {
    if (span.status.code === SpanStatusCode.ERROR || isSampled(span.spanContext().traceId, this.rate)) {
      this.next.onEnd(span)
    } else {
      this.stats.spansSampledOut++
    }
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush()
  }

  shutdown(): Promise<void> {
    return this.next.shutdown()
  }
}

/**
 * Decides from the trace id, like OpenTelemetry's TraceIdRatioBasedSampler:
 * spans of one trace (nested calls of one agent run) are kept or dropped
 * together, and the decision is reproducible.
 */
export function isSampled(traceId: string, rate: number): boolean {
  if (rate >= 1) return true
  if (rate <= 0) return false
  // Trace ids are random hex; their last 8 digits are a uniform 32-bit number.
  const bucket = Number.parseInt(traceId.slice(-8), 16)
  return Number.isFinite(bucket) && bucket / 2 ** 32 < rate
}
