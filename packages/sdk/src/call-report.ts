import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_VIGIL_COST_USD,
} from './attributes.js'
import type { VigilLogger } from './logger.js'
import type { LlmCall } from './observe.js'
import { addUsage, type TokenUsage, usageAttributes } from './token-usage.js'

/**
 * What the app reports while a model call runs, through the `LlmCall` handle
 * (usage, response model, first chunk, cost), turned into the span's end
 * attributes. Plain fields, filled as reports come: this runs for every call.
 */
export class CallReport {
  private readonly startedAt = performance.now()
  /** Explicit usage reports, in order; read when the call ends, as the app may fill them until then. */
  private usageReports: TokenUsage[] | undefined
  private responseModel: string | undefined
  private firstChunkSeconds: number | undefined
  private costUsd: number | undefined

  constructor(private readonly logger: VigilLogger) {}

  addUsage(usage: TokenUsage): void {
    if (this.usageReports === undefined) this.usageReports = [usage]
    else this.usageReports.push(usage)
  }

  setResponseModel(model: unknown): void {
    if (typeof model === 'string' && model.trim() !== '') this.responseModel = model
  }

  markFirstChunk(): void {
    this.firstChunkSeconds ??= (performance.now() - this.startedAt) / 1000
  }

  setCostUsd(costUsd: unknown): void {
    if (typeof costUsd === 'number' && Number.isFinite(costUsd) && costUsd >= 0) this.costUsd = costUsd
    else this.logger.warn(`call.setCostUsd(${String(costUsd)}) ignored: expected a number >= 0.`)
  }

  /**
   * The end attributes. Usage precedence: what the app reported explicitly beats
   * what `extractUsage` derived, which beats `meta.usage`.
   */
  endAttributes(metaUsage: TokenUsage | undefined, extracted: TokenUsage | undefined): Attributes {
    const usage: TokenUsage = {}
    let invalid = addUsage(usage, metaUsage, undefined)
    invalid = addUsage(usage, extracted, invalid)
    for (const report of this.usageReports ?? []) invalid = addUsage(usage, report, invalid)
    if (invalid !== undefined) this.logger.warn(`Ignored invalid token counts: ${invalid.join(', ')}.`)
    const attributes = usageAttributes(usage)
    if (this.responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = this.responseModel
    if (this.firstChunkSeconds !== undefined) {
      attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = this.firstChunkSeconds
    }
    if (this.costUsd !== undefined) attributes[ATTR_VIGIL_COST_USD] = this.costUsd
    return attributes
  }
}

/**
 * The `LlmCall` the app's function gets: each method bound to `call`, as own
 * properties, so the app may pass them around or destructure the handle.
 */
export function callHandle(call: LlmCall): LlmCall {
  return {
    setUsage: (usage) => call.setUsage(usage),
    setResponseModel: (model) => call.setResponseModel(model),
    markFirstChunk: () => call.markFirstChunk(),
    setCostUsd: (costUsd) => call.setCostUsd(costUsd),
    recordInput: (content) => call.recordInput(content),
    recordOutput: (content) => call.recordOutput(content),
    recordSystemInstructions: (content) => call.recordSystemInstructions(content),
  }
}
