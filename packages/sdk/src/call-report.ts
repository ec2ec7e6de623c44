import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_VIGIL_COST_USD,
} from './attributes.js'
import type { ContentKind, GenAiMessage } from './content-capture.js'
import type { VigilLogger } from './logger.js'
import type { LlmCall } from './observe.js'
import { mergeUsage, type TokenUsage, usageAttributes } from './token-usage.js'

/** Wraps one `LlmCall` method: ignores it after the call ended and logs its faults. */
export type CallGuard = (method: string, action: () => void) => void

/**
 * What the app reports while a model call runs, through the {@link LlmCall}
 * handle (usage, response model, first chunk, cost), turned into the span's
 * end attributes.
 */
export class CallReport {
  private readonly startedAt = performance.now()
  private readonly usageReports: TokenUsage[] = []
  private responseModel: string | undefined
  private firstChunkSeconds: number | undefined
  private costUsd: number | undefined

  constructor(private readonly logger: VigilLogger) {}

  /** The handle given to the app; content goes to `record` (the recorder, which owns capture). */
  handle(
    guard: CallGuard,
    record: (kind: ContentKind, content: string | readonly GenAiMessage[]) => void,
  ): LlmCall {
    const content = (method: string, kind: ContentKind) => (value: string | readonly GenAiMessage[]) =>
      guard(method, () => record(kind, value))
    return {
      setUsage: (usage) => guard('setUsage', () => this.usageReports.push(usage)),
      setResponseModel: (model) =>
        guard('setResponseModel', () => {
          if (typeof model === 'string' && model.trim() !== '') this.responseModel = model
        }),
      markFirstChunk: () =>
        guard('markFirstChunk', () => {
          this.firstChunkSeconds ??= (performance.now() - this.startedAt) / 1000
        }),
      setCostUsd: (costUsd) =>
        guard('setCostUsd', () => {
          if (typeof costUsd === 'number' && Number.isFinite(costUsd) && costUsd >= 0) this.costUsd = costUsd
          else this.logger.warn(`call.setCostUsd(${String(costUsd)}) ignored: expected a number >= 0.`)
        }),
      recordInput: content('recordInput', 'input'),
      recordOutput: content('recordOutput', 'output'),
      recordSystemInstructions: content('recordSystemInstructions', 'system'),
    }
  }

  /**
   * The end attributes. Usage precedence: what the app reported explicitly beats
   * what `extractUsage` derived, which beats `meta.usage`.
   */
  endAttributes(metaUsage: TokenUsage | undefined, extracted: TokenUsage | undefined): Attributes {
    const { usage, invalid } = mergeUsage([metaUsage, extracted, ...this.usageReports])
    if (invalid.length > 0) this.logger.warn(`Ignored invalid token counts: ${invalid.join(', ')}.`)
    const attributes: Attributes = usageAttributes(usage)
    if (this.responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = this.responseModel
    if (this.firstChunkSeconds !== undefined) {
      attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = this.firstChunkSeconds
    }
    if (this.costUsd !== undefined) attributes[ATTR_VIGIL_COST_USD] = this.costUsd
    return attributes
  }
}
