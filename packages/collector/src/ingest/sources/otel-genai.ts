import type { OtlpSpan } from '../../otlp/otlp-types.js'
import { AGENT_OPERATION, attributeNames, genAiMarkers, nonCallOperations } from '../attribute-names.js'
import { asCount, asNumber, asString, asStringList, first } from '../attribute-values.js'
import type { CallFacts } from '../call-facts.js'
import { withSystemInstructions } from '../gen-ai-messages.js'
import type { CallSource } from './call-source.js'

const SPAN_KIND_CLIENT = 3

/**
 * What the GenAI conventions' names say, current and deprecated. Read for
 * every span first: most families (OpenLLMetry, the Vercel AI SDK, Vigil)
 * send some of these alongside their own names. A name missing on the span
 * is looked up on its resource.
 */
export function readOtelGenAi(span: OtlpSpan): CallFacts {
  const attrs = span.attributes
  const resource = span.resource.attributes
  const read = (names: readonly string[]) => first(attrs, names) ?? first(resource, names)
  const ttftSeconds = asNumber(read(attributeNames.timeToFirstChunkSeconds))
  return {
    operation: asString(read(attributeNames.operation)),
    provider: asString(read(attributeNames.provider)),
    requestModel: asString(read(attributeNames.requestModel)),
    responseModel: asString(read(attributeNames.responseModel)),
    inputTokens: asCount(read(attributeNames.inputTokens)),
    outputTokens: asCount(read(attributeNames.outputTokens)),
    cacheReadTokens: asCount(read(attributeNames.cacheReadTokens)),
    cacheCreationTokens: asCount(read(attributeNames.cacheCreationTokens)),
    reasoningTokens: asCount(read(attributeNames.reasoningTokens)),
    totalTokens: asCount(read(attributeNames.totalTokens)),
    inputExcludesCache: false,
    ttftMs: ttftSeconds !== null && ttftSeconds >= 0 ? ttftSeconds * 1000 : null,
    responseId: asString(read(attributeNames.responseId)),
    finishReasons: asStringList(read(attributeNames.finishReasons)),
    errorType: asString(read(attributeNames.errorType)),
    serverAddress: asString(read(attributeNames.serverAddress)),
    inputContent: withSystemInstructions(
      asString(read(attributeNames.inputContent)),
      asString(read(attributeNames.systemInstructions)),
    ),
    outputContent: asString(read(attributeNames.outputContent)),
    userId: asString(read(attributeNames.userId)),
    sessionId: asString(read(attributeNames.sessionId)),
    useCase: '',
    subjectId: '',
    promptVersion: '',
    tags: [],
    sourceCostUsd: null,
  }
}

export function hasGenAiMarker(span: OtlpSpan): boolean {
  return genAiMarkers.some((name) => span.attributes[name] !== undefined)
}

/** Whether a GenAI span is one model call rather than a tool, agent or workflow step. */
export function isGenAiCall(span: OtlpSpan): boolean {
  if (!hasGenAiMarker(span)) return false
  const operation = asString(span.attributes['gen_ai.operation.name'])
  if (nonCallOperations.has(operation)) return false
  if (operation === AGENT_OPERATION) return span.kind === SPAN_KIND_CLIENT
  return true
}

/** Any instrumentation that follows the GenAI conventions and nothing else (the official OpenTelemetry ones…). */
export const otelGenAiSource: CallSource = {
  name: 'otel-genai',
  recognizes: hasGenAiMarker,
  isCall: isGenAiCall,
  read: () => ({}),
}
