import type { Attributes, AttributeValue, OtlpSpan } from '../otlp/otlp-types.js'
import type { PriceCatalog } from '../pricing/price-catalog.js'
import { attributeNames, genAiMarkers } from './attribute-names.js'
import type { LlmCall } from './llm-call.js'

export type SpanMapping =
  | { kind: 'call'; call: LlmCall }
  | { kind: 'other' }
  | { kind: 'invalid'; reason: string }

const SPAN_STATUS_ERROR = 2
const NANOS_PER_MS = 1_000_000n

/** Turns one OTLP span into a `calls` row when it describes a model call. */
export function spanToCall(span: OtlpSpan, projectId: string, prices: PriceCatalog): SpanMapping {
  const attrs = span.attributes
  if (!genAiMarkers.some((name) => attrs[name] !== undefined)) return { kind: 'other' }
  if (!span.traceId || !span.spanId)
    return { kind: 'invalid', reason: `span "${span.name}" has no trace or span id` }
  const resource = span.resource.attributes
  const read = (names: readonly string[]) => first(attrs, names) ?? first(resource, names)

  const requestModel = asString(read(attributeNames.requestModel))
  const responseModel = asString(read(attributeNames.responseModel))
  const model = responseModel || requestModel
  const usage = {
    inputTokens: asCount(read(attributeNames.inputTokens)),
    outputTokens: asCount(read(attributeNames.outputTokens)),
    cacheReadTokens: asCount(read(attributeNames.cacheReadTokens)),
    cacheCreationTokens: asCount(read(attributeNames.cacheCreationTokens)),
    reasoningTokens: asCount(read(attributeNames.reasoningTokens)),
  }
  const sdkCost = asNumber(read(attributeNames.costUsd))
  const priced =
    sdkCost !== null && sdkCost >= 0 ? { costUsd: sdkCost, basis: 'sdk' } : prices.price(model, usage)
  const errorType = asString(read(attributeNames.errorType))
  const failed = span.statusCode === SPAN_STATUS_ERROR || errorType !== ''
  const ttftSeconds = asNumber(read(attributeNames.timeToFirstChunkSeconds))

  return {
    kind: 'call',
    call: {
      project_id: projectId,
      start_time: span.startTimeUnixNano,
      end_time: span.endTimeUnixNano,
      trace_id: span.traceId,
      span_id: span.spanId,
      parent_span_id: span.parentSpanId,
      span_name: span.name,
      service_name: asString(first(resource, attributeNames.serviceName)) || 'unknown_service',
      environment: asString(read(attributeNames.environment)),
      use_case: asString(read(attributeNames.useCase)),
      operation: asString(read(attributeNames.operation)) || 'chat',
      provider: asString(read(attributeNames.provider)),
      request_model: requestModel,
      response_model: responseModel,
      model,
      status: failed ? 'error' : 'ok',
      error_type: failed ? errorType || '_OTHER' : '',
      duration_ms: durationMs(span.startTimeUnixNano, span.endTimeUnixNano),
      ttft_ms: ttftSeconds !== null && ttftSeconds >= 0 ? ttftSeconds * 1000 : null,
      input_tokens: usage.inputTokens,
      output_tokens: usage.outputTokens,
      cache_read_tokens: usage.cacheReadTokens,
      cache_creation_tokens: usage.cacheCreationTokens,
      reasoning_tokens: usage.reasoningTokens,
      cost_usd: priced.costUsd,
      cost_basis: priced.basis,
      user_id: asString(read(attributeNames.userId)),
      session_id: asString(read(attributeNames.sessionId)),
      subject_id: asString(read(attributeNames.subjectId)),
      prompt_version: asString(read(attributeNames.promptVersion)),
      tags: asStringList(read(attributeNames.tags)),
      source: asString(first(resource, attributeNames.sdkName)) === 'vigil' ? 'vigil' : 'otel-genai',
      response_id: asString(read(attributeNames.responseId)),
      finish_reasons: asStringList(read(attributeNames.finishReasons)),
      server_address: asString(read(attributeNames.serverAddress)),
      fallback_attempt: asCount(read(attributeNames.fallbackAttempt)) ?? 0,
      fallback_step: asString(read(attributeNames.fallbackStep)),
      fallback_reason: asString(read(attributeNames.fallbackReason)),
      fallback_served: asFlag(read(attributeNames.fallbackServed)),
      cache_hit: asFlag(read(attributeNames.cacheHit)),
      stream_abandoned: asFlag(read(attributeNames.streamAbandoned)),
      input_content: asString(read(attributeNames.inputContent)),
      output_content: asString(read(attributeNames.outputContent)),
      attributes: stringMap(attrs),
      resource_attributes: stringMap(resource),
    },
  }
}

function first(attrs: Attributes, names: readonly string[]): AttributeValue | undefined {
  for (const name of names) {
    const value = attrs[name]
    if (value !== undefined && value !== null && value !== '') return value
  }
  return undefined
}

function asString(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

function asNumber(value: AttributeValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value)
    return Number.isFinite(parsed) ? parsed : null
  }
  return null
}

/** Token counts: non-negative integers, or null when absent or nonsensical (never a made-up 0). */
function asCount(value: AttributeValue | undefined): number | null {
  const n = asNumber(value)
  return n === null || n < 0 ? null : Math.round(n)
}

function asFlag(value: AttributeValue | undefined): 0 | 1 {
  return value === true || value === 'true' || value === 1 ? 1 : 0
}

function asStringList(value: AttributeValue | undefined): string[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map((v) => asString(v))
  return value === undefined || value === null || value === '' ? [] : [asString(value)]
}

function stringMap(attrs: Attributes): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key in attrs) out[key] = asString(attrs[key])
  return out
}

function durationMs(start: string, end: string): number {
  try {
    const nanos = BigInt(end) - BigInt(start)
    if (nanos <= 0n) return 0
    return Number(nanos / NANOS_PER_MS) + Number(nanos % NANOS_PER_MS) / 1e6
  } catch {
    return 0
  }
}
