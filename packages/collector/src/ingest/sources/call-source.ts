import type { OtlpSpan } from '../../otlp/otlp-types.js'
import type { CallFacts } from '../call-facts.js'

/** The `source` column: which instrumentation family sent a call. */
export type SourceName = 'vigil' | 'otel-genai' | 'openllmetry' | 'openinference' | 'vercel-ai'

/**
 * One instrumentation family: how to recognize its spans, which of them are
 * model calls (the rest become `spans` rows), and what its own attribute
 * names say. The GenAI convention names are read for every family first
 * (`readOtelGenAi`), so a family only reads what it names differently.
 */
export interface CallSource {
  readonly name: SourceName
  recognizes(span: OtlpSpan): boolean
  isCall(span: OtlpSpan): boolean
  read(span: OtlpSpan): Partial<CallFacts>
}
