/**
 * The answers of `GET /api/v1/calls`, `/api/v1/calls/:spanId` and
 * `/api/v1/traces/:traceId` as this dashboard reads them (the collector's
 * calls-api.ts holds their zod schemas, which /openapi.json publishes).
 * Times are ISO 8601 UTC with nine fraction digits.
 */

export type CallStatus = 'ok' | 'error'
export type SpanStatus = 'ok' | 'error' | 'unset'

export interface TokenCounts {
  input: number | null
  output: number | null
  cacheRead: number | null
  cacheCreation: number | null
  reasoning: number | null
}

/** Set when the call was one attempt of a `withFallback` chain; `attempt` is 1-based. */
export interface CallFallback {
  attempt: number
  step: string | null
  reason: string | null
  served: boolean
}

export interface CallSummary {
  spanId: string
  traceId: string
  parentSpanId: string | null
  startTime: string
  durationMs: number
  ttftMs: number | null
  model: string | null
  requestModel: string | null
  provider: string | null
  useCase: string | null
  environment: string | null
  promptVersion: string | null
  serviceName: string
  status: CallStatus
  errorType: string | null
  tokens: TokenCounts
  costUsd: number | null
  costBasis: string
  userId: string | null
  sessionId: string | null
  subjectId: string | null
  tags: string[]
  fallback: CallFallback | null
  cacheHit: boolean
  streamAbandoned: boolean
  source: string
  preview: { input: string | null; output: string | null }
}

export interface CallPage {
  calls: CallSummary[]
  nextCursor: string | null
}

export interface FallbackAttempt {
  spanId: string
  /** llm: a model call; span: a step that made none (a cache lookup, rules…). */
  kind: 'llm' | 'span'
  name: string
  attempt: number
  step: string | null
  reason: string | null
  served: boolean
  status: SpanStatus
  startTime: string
  durationMs: number
  model: string | null
  provider: string | null
  costUsd: number | null
}

export interface CallSignal {
  kind: string
  time: string
  name: string | null
  value: number | null
  source: string | null
  author: string | null
  reason: string | null
  comment: string | null
  correctedText: string | null
  via: string
  idempotencyKey: string
}

export interface CallDetail extends CallSummary {
  endTime: string
  spanName: string
  operation: string
  responseModel: string | null
  responseId: string | null
  finishReasons: string[]
  serverAddress: string | null
  attributes: Record<string, string>
  resourceAttributes: Record<string, string>
  /** GenAI messages JSON (`[{role, parts}]`); null when the app did not capture content. */
  content: { input: string | null; output: string | null }
  fallbackChain: FallbackAttempt[]
  signals: CallSignal[]
}

export interface TraceNode {
  spanId: string
  parentSpanId: string | null
  kind: 'llm' | 'span'
  name: string
  serviceName: string
  startTime: string
  endTime: string
  durationMs: number
  status: SpanStatus
  call: CallSummary | null
  span: {
    spanKind: string
    statusMessage: string | null
    scopeName: string | null
    attributes: Record<string, string>
  } | null
  children: TraceNode[]
}

export interface Trace {
  traceId: string
  startTime: string
  endTime: string
  totals: {
    spans: number
    calls: number
    errors: number
    costUsd: number
    costUnknownCalls: number
    tokens: { input: number; output: number; cacheRead: number; cacheCreation: number; reasoning: number }
    durationMs: number
  }
  truncated: boolean
  roots: TraceNode[]
}
