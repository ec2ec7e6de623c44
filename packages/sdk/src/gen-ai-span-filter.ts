import type { Context } from '@opentelemetry/api'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_PROVIDER_NAME } from './attributes.js'
import type { StatsCounters } from './stats.js'

/** Name of Vigil's tracer, i.e. the instrumentation scope of every span Vigil starts. */
export const VIGIL_TRACER_NAME = '@vigil/sdk'

// Deprecated name still sent by other GenAI instrumentations (OpenLLMetry…).
const ATTR_GEN_AI_SYSTEM = 'gen_ai.system'

/**
 * In front of Vigil's processors when they are attached to the app's own
 * provider, which hands every span of the app (HTTP, database…) to each of its
 * processors. Lets through Vigil's own spans and GenAI spans of other
 * instrumentations, which the collector also understands; the rest is none of
 * Vigil's business and never leaves for the collector.
 */
export class GenAiSpanFilter implements SpanProcessor {
  constructor(
    private readonly next: SpanProcessor,
    private readonly stats: StatsCounters,
  ) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext)
  }

  onEnd(span: ReadableSpan): void {
    if (isVigilSpan(span)) {
      this.next.onEnd(span)
    } else if (isGenAiSpan(span)) {
      // Started by another instrumentation, so not counted yet: count it, so that
      // every exported span is also a started one in getStats().
      this.stats.spansStarted++
      this.next.onEnd(span)
    }
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush()
  }

  shutdown(): Promise<void> {
    return this.next.shutdown()
  }
}

function isVigilSpan(span: ReadableSpan): boolean {
  // OpenTelemetry JS 1.x named the scope `instrumentationLibrary`.
  const legacy = span as { instrumentationLibrary?: { name?: string } }
  const scope = span.instrumentationScope ?? legacy.instrumentationLibrary
  return scope?.name === VIGIL_TRACER_NAME
}

function isGenAiSpan(span: ReadableSpan): boolean {
  const attributes = span.attributes
  return (
    attributes[ATTR_GEN_AI_OPERATION_NAME] !== undefined ||
    attributes[ATTR_GEN_AI_PROVIDER_NAME] !== undefined ||
    attributes[ATTR_GEN_AI_SYSTEM] !== undefined
  )
}
