import type { OtlpSpan } from '../otlp/otlp-types.js'
import type { CallSource } from './sources/call-source.js'
import { openInferenceSource } from './sources/openinference.js'
import { openLlmetrySource } from './sources/openllmetry.js'
import { otelGenAiSource } from './sources/otel-genai.js'
import { vercelAiSource } from './sources/vercel-ai.js'
import { vigilResourceSource, vigilSource } from './sources/vigil.js'

/**
 * Most specific first. Vigil's scope is unambiguous, even when another
 * library copies its own attributes onto every span (OpenLLMetry's
 * association properties). The Vercel AI SDK and OpenLLMetry also send
 * `gen_ai.*` names, so the plain-conventions family comes last.
 */
const sources: readonly CallSource[] = [
  vigilSource,
  vercelAiSource,
  openInferenceSource,
  openLlmetrySource,
  vigilResourceSource,
  otelGenAiSource,
]

export type SpanClass =
  | { kind: 'call'; source: CallSource }
  /** Not a model call: an app step, a tool, an agent, a chain, or a span with nothing GenAI about it. */
  | { kind: 'span'; source: CallSource | undefined }

/** Which family sent a span, and whether it is one model call. */
export function classifySpan(span: OtlpSpan): SpanClass {
  const source = sources.find((candidate) => candidate.recognizes(span))
  if (source?.isCall(span)) return { kind: 'call', source }
  return { kind: 'span', source }
}
