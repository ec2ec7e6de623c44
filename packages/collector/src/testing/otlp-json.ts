import { randomBytes } from 'node:crypto'

/** Test fixtures: OTLP/JSON bodies as an exporter would send them (hex ids, int64 as strings). */
export interface JsonSpanSpec {
  model?: string
  provider?: string
  useCase?: string
  durationMs?: number
  inputTokens?: number
  outputTokens?: number
  errorType?: string
  startMs?: number
  spanId?: string
  extra?: Record<string, string | number | boolean>
}

/** One OTLP/JSON KeyValue (int64 as a string, as the JSON mapping allows). */
export const attr = (key: string, value: string | number | boolean) => ({
  key,
  value:
    typeof value === 'string'
      ? { stringValue: value }
      : typeof value === 'boolean'
        ? { boolValue: value }
        : Number.isInteger(value)
          ? { intValue: String(value) }
          : { doubleValue: value },
})

export function makeJsonSpan(spec: JsonSpanSpec = {}) {
  const start = BigInt(spec.startMs ?? Date.now() - 1000) * 1_000_000n
  const end = start + BigInt(Math.round((spec.durationMs ?? 100) * 1_000_000))
  const attributes = [
    attr('gen_ai.operation.name', 'chat'),
    attr('gen_ai.provider.name', spec.provider ?? 'openai'),
    attr('gen_ai.request.model', spec.model ?? 'gpt-4o'),
  ]
  if (spec.useCase) attributes.push(attr('vigil.use_case', spec.useCase))
  if (spec.inputTokens !== undefined) attributes.push(attr('gen_ai.usage.input_tokens', spec.inputTokens))
  if (spec.outputTokens !== undefined) attributes.push(attr('gen_ai.usage.output_tokens', spec.outputTokens))
  if (spec.errorType) attributes.push(attr('error.type', spec.errorType))
  for (const [key, value] of Object.entries(spec.extra ?? {})) attributes.push(attr(key, value))
  return {
    traceId: randomBytes(16).toString('hex'),
    spanId: spec.spanId ?? randomBytes(8).toString('hex'),
    name: `chat ${spec.model ?? 'gpt-4o'}`,
    kind: 3,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: end.toString(),
    attributes,
    status: spec.errorType ? { code: 2, message: spec.errorType } : {},
  }
}

export function makeJsonTraceRequest(spans: ReturnType<typeof makeJsonSpan>[], serviceName = 'test-app') {
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', serviceName)] },
        scopeSpans: [{ scope: { name: 'test', version: '1.0.0' }, spans }],
      },
    ],
  }
}
