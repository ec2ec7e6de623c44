import type { OtlpSpan } from '../otlp/otlp-types.js'
import type { PriceCatalog } from '../pricing/price-catalog.js'
import { callFromSpan } from './call-from-span.js'
import { classifySpan } from './classify-span.js'
import type { LlmCall } from './llm-call.js'
import type { SpanRow } from './span-row.js'
import { spanToRow } from './span-to-row.js'

export type SpanMapping =
  | { kind: 'call'; call: LlmCall }
  | { kind: 'span'; span: SpanRow }
  | { kind: 'invalid'; reason: string }

/**
 * Where an OTLP span becomes a row: a model call from any supported family
 * (Vigil, the GenAI conventions, OpenLLMetry, OpenInference, the Vercel AI
 * SDK) becomes a priced `calls` row; any other span a `spans` row. A span
 * without ids cannot be stored or deduplicated, and is rejected (OTLP
 * partial success).
 *
 * @example
 * const mapped = mapSpan(span, principal.projectId, prices)
 * if (mapped.kind === 'call') batch.calls.push(mapped.call)
 * else if (mapped.kind === 'span') batch.spans.push(mapped.span)
 * else rejected.push(mapped.reason)
 */
export function mapSpan(span: OtlpSpan, projectId: string, prices: PriceCatalog): SpanMapping {
  if (!span.traceId || !span.spanId) {
    return { kind: 'invalid', reason: `span "${span.name}" has no trace or span id` }
  }
  const found = classifySpan(span)
  if (found.kind === 'call')
    return { kind: 'call', call: callFromSpan(span, found.source, projectId, prices) }
  return { kind: 'span', span: spanToRow(span, projectId) }
}
