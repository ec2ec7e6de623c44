/**
 * What a span says about one model call, before it becomes a row: each source
 * family (`sources/*.ts`) reads its own attribute names into this shape, and
 * `callFromSpan` turns it into an `LlmCall`.
 */
export interface CallFacts {
  /** `gen_ai.operation.name` values: `chat`, `text_completion`, `embeddings`… */
  operation: string
  /** Normalized later by `normalizeProvider`. */
  provider: string
  requestModel: string
  responseModel: string
  /** As the source reported them; `normalizeUsage` makes them follow the GenAI conventions. */
  inputTokens: number | null
  outputTokens: number | null
  cacheReadTokens: number | null
  cacheCreationTokens: number | null
  reasoningTokens: number | null
  totalTokens: number | null
  /**
   * True when the source's input count leaves cache reads and writes out (the
   * shape of Anthropic's API), where the conventions count them in.
   */
  inputExcludesCache: boolean
  ttftMs: number | null
  responseId: string
  finishReasons: string[]
  errorType: string
  serverAddress: string
  /** GenAI JSON messages (`[{role, parts:[…]}]`), '' when not captured. */
  inputContent: string
  outputContent: string
  userId: string
  sessionId: string
  useCase: string
  subjectId: string
  promptVersion: string
  tags: string[]
  /** A cost the instrumentation computed itself (OpenInference `llm.cost.total`): used when the catalog has no price. */
  sourceCostUsd: number | null
}

export function emptyFacts(): CallFacts {
  return {
    operation: '',
    provider: '',
    requestModel: '',
    responseModel: '',
    inputTokens: null,
    outputTokens: null,
    cacheReadTokens: null,
    cacheCreationTokens: null,
    reasoningTokens: null,
    totalTokens: null,
    inputExcludesCache: false,
    ttftMs: null,
    responseId: '',
    finishReasons: [],
    errorType: '',
    serverAddress: '',
    inputContent: '',
    outputContent: '',
    userId: '',
    sessionId: '',
    useCase: '',
    subjectId: '',
    promptVersion: '',
    tags: [],
    sourceCostUsd: null,
  }
}

/**
 * Lays each overlay over `base`, field by field: a value the overlay knows
 * (a non-empty string or list, a number, a boolean) replaces the base's, an
 * unknown one (`''`, `[]`, null, undefined) leaves it. Later overlays win.
 */
export function mergeFacts(base: CallFacts, ...overlays: Partial<CallFacts>[]): CallFacts {
  const merged: Record<string, unknown> = { ...base }
  for (const overlay of overlays) {
    for (const [key, value] of Object.entries(overlay)) {
      if (isKnown(value)) merged[key] = value
    }
  }
  return merged as unknown as CallFacts
}

function isKnown(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false
  return !Array.isArray(value) || value.length > 0
}
