import type { AttributeValue, OtlpSpan } from '../otlp/otlp-types.js'
import type { PriceCatalog, PricedCost } from '../pricing/price-catalog.js'
import { attributeNames, vigilNames } from './attribute-names.js'
import {
  asCount,
  asFlag,
  asNumber,
  asString,
  asStringList,
  durationMs,
  first,
  stringMap,
} from './attribute-values.js'
import { type CallFacts, mergeFacts } from './call-facts.js'
import type { LlmCall } from './llm-call.js'
import { normalizeUsage } from './normalize-usage.js'
import { normalizeProvider } from './provider-name.js'
import type { CallSource } from './sources/call-source.js'
import { readOtelGenAi } from './sources/otel-genai.js'

const SPAN_STATUS_ERROR = 2

/**
 * The `calls` row of a span `classifySpan` found to be a model call: the
 * GenAI convention names first, the source family's own names over them, and
 * Vigil's `vigil.*` names over both (they state the app's intent).
 */
export function callFromSpan(
  span: OtlpSpan,
  source: CallSource,
  projectId: string,
  prices: PriceCatalog,
): LlmCall {
  const attrs = span.attributes
  const resource = span.resource.attributes
  const vigil = (name: string): AttributeValue | undefined => first(attrs, [name]) ?? first(resource, [name])
  const facts = mergeFacts(readOtelGenAi(span), source.read(span), readVigilContext(vigil))
  const usage = normalizeUsage(facts)
  const model = facts.responseModel || facts.requestModel
  const failed = span.statusCode === SPAN_STATUS_ERROR || facts.errorType !== ''
  // The SDK numbers attempts from 0 (`vigil.fallback.attempt`); the column counts from 1, 0 meaning no chain.
  const attemptIndex = asCount(vigil(vigilNames.fallbackAttempt))

  return {
    project_id: projectId,
    start_time: span.startTimeUnixNano,
    end_time: span.endTimeUnixNano,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    span_name: span.name,
    service_name: asString(first(resource, attributeNames.serviceName)) || 'unknown_service',
    environment:
      asString(vigil(vigilNames.environment)) ||
      asString(first(attrs, attributeNames.environment) ?? first(resource, attributeNames.environment)),
    use_case: facts.useCase,
    operation: facts.operation || 'chat',
    provider: normalizeProvider(facts.provider),
    request_model: facts.requestModel,
    response_model: facts.responseModel,
    model,
    status: failed ? 'error' : 'ok',
    error_type: failed ? facts.errorType || exceptionType(span) || '_OTHER' : '',
    duration_ms: durationMs(span.startTimeUnixNano, span.endTimeUnixNano),
    ttft_ms: facts.ttftMs !== null && facts.ttftMs >= 0 ? facts.ttftMs : null,
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_creation_tokens: usage.cacheCreationTokens,
    reasoning_tokens: usage.reasoningTokens,
    ...costColumns(price(vigil, facts, model, usage, prices)),
    user_id: facts.userId,
    session_id: facts.sessionId,
    subject_id: facts.subjectId,
    prompt_version: facts.promptVersion,
    tags: facts.tags,
    source: source.name,
    response_id: facts.responseId,
    finish_reasons: facts.finishReasons,
    server_address: facts.serverAddress,
    fallback_attempt: attemptIndex === null ? 0 : attemptIndex + 1,
    fallback_step: asString(vigil(vigilNames.fallbackStep)),
    fallback_reason: asString(vigil(vigilNames.fallbackReason)),
    fallback_served: asFlag(vigil(vigilNames.fallbackServed)),
    cache_hit: asFlag(vigil(vigilNames.cacheHit)),
    stream_abandoned: asFlag(vigil(vigilNames.streamAbandoned)),
    input_content: facts.inputContent,
    output_content: facts.outputContent,
    attributes: stringMap(attrs),
    resource_attributes: stringMap(resource),
  }
}

function readVigilContext(vigil: (name: string) => AttributeValue | undefined): Partial<CallFacts> {
  return {
    useCase: asString(vigil(vigilNames.useCase)),
    userId: asString(vigil(vigilNames.userId)),
    sessionId: asString(vigil(vigilNames.sessionId)),
    subjectId: asString(vigil(vigilNames.subjectId)),
    promptVersion: asString(vigil(vigilNames.promptVersion)),
    tags: asStringList(vigil(vigilNames.tags)),
  }
}

/**
 * A cost the app computed (`vigil.cost_usd`) wins; else the catalog; else,
 * for a model the catalog does not know, the instrumentation's own estimate
 * (OpenInference `llm.cost.total`) rather than no cost at all.
 */
function price(
  vigil: (name: string) => AttributeValue | undefined,
  facts: CallFacts,
  model: string,
  usage: ReturnType<typeof normalizeUsage>,
  prices: PriceCatalog,
): PricedCost {
  const supplied = asNumber(vigil(vigilNames.costUsd))
  if (supplied !== null && supplied >= 0) return { costUsd: supplied, basis: 'sdk' }
  const priced = prices.price(model, usage)
  if (priced.costUsd === null && facts.sourceCostUsd !== null && facts.sourceCostUsd >= 0) {
    return { costUsd: facts.sourceCostUsd, basis: 'sdk' }
  }
  return priced
}

function costColumns(priced: PricedCost): Pick<LlmCall, 'cost_usd' | 'cost_basis'> {
  return { cost_usd: priced.costUsd, cost_basis: priced.basis }
}

/** OpenInference and the Vercel AI SDK record failures as `exception` events, without `error.type`. */
function exceptionType(span: OtlpSpan): string {
  const event = span.events.find(
    (e) => e.name === 'exception' && e.attributes['exception.type'] !== undefined,
  )
  return event ? asString(event.attributes['exception.type']) : ''
}
