import { z } from 'zod'

/** A rate in USD per million tokens. Bounded so a typo (cents as dollars ×1000) is refused, not billed. */
const rate = z.number().finite().min(0, 'must be ≥ 0').max(10_000, 'must be ≤ 10000 (USD per 1M tokens)')

const ratesShape = {
  input: rate,
  output: rate,
  cachedInput: rate.optional(),
  cacheWrite: rate.optional(),
  reasoning: rate.optional(),
}

/**
 * The rates of one price band. Absent rates fall back as providers bill them:
 * cached reads and cache writes at the input rate, reasoning at the output rate.
 * Objects are strict: a misspelt `cachedinput` is refused rather than silently
 * pricing cached tokens at the input rate.
 */
export const ratesSchema = z.strictObject(ratesShape)

/**
 * A long-context band: when the prompt (input tokens, cached ones included)
 * is above `aboveInputTokens`, every token of the request is billed at these
 * rates, as Gemini (>200k), Anthropic Sonnet 4/4.5 (>200k) and OpenAI GPT-5.4
 * (>272k) do.
 */
export const tierSchema = z.strictObject({
  aboveInputTokens: z.number().int().positive(),
  ...ratesShape,
})

export const modelPriceSchema = z.strictObject({
  provider: z.string().min(1).max(64).optional(),
  ...ratesShape,
  tiers: z.array(tierSchema).max(8).optional(),
  /** Other exact names of the same model (e.g. OpenRouter's `claude-sonnet-4.5`). */
  aliases: z.array(z.string().min(1).max(256)).max(32).optional(),
})

export type Rates = z.infer<typeof ratesSchema>
export type PriceTier = z.infer<typeof tierSchema>
export type ModelPrice = z.infer<typeof modelPriceSchema>

/** Token counts as the GenAI conventions define them: cache and reasoning counts are subsets of the totals. */
export interface TokenUsage {
  inputTokens: number | null
  outputTokens: number | null
  cacheReadTokens: number | null
  cacheCreationTokens: number | null
  reasoningTokens: number | null
}

export interface PricedCost {
  costUsd: number | null
  /** `catalog:<version>`, `override:<version>`, `sdk` (the app supplied it) or `unknown` (no price or no usage). */
  basis: string
}

/**
 * Cost in USD of one call at the given price. Cached reads and cache writes
 * are priced at their own rates and taken out of the input total, so nothing
 * is counted twice; reasoning tokens are part of the output. Null when the
 * call reported no usage at all (unknown is not 0).
 */
export function costOf(price: ModelPrice, usage: TokenUsage): number | null {
  if (usage.inputTokens === null && usage.outputTokens === null) return null
  const cacheRead = usage.cacheReadTokens ?? 0
  const cacheWrite = usage.cacheCreationTokens ?? 0
  let input = usage.inputTokens ?? 0
  // The conventions count cache tokens inside input_tokens; Anthropic's own API
  // (and instrumentations that copy it) report them beside it. Ingest normalizes
  // that (ingest/normalize-usage.ts); this guard covers other callers, such as a
  // recompute of rows stored before: cache counts larger than the input total can
  // only mean "beside", so add them back rather than clamp, which would bill a
  // 190k-token cache read as 21 tokens.
  if (cacheRead + cacheWrite > input) input += cacheRead + cacheWrite
  const output = usage.outputTokens ?? 0
  const reasoning = Math.min(usage.reasoningTokens ?? 0, output)
  const band = bandFor(price, input)
  const micros =
    (input - cacheRead - cacheWrite) * band.input +
    cacheRead * (band.cachedInput ?? band.input) +
    cacheWrite * (band.cacheWrite ?? band.input) +
    (output - reasoning) * band.output +
    reasoning * (band.reasoning ?? band.output)
  return micros / 1_000_000
}

/** The band a prompt of `promptTokens` falls in: the highest tier it exceeds, else the base rates. */
function bandFor(price: ModelPrice, promptTokens: number): Rates {
  let band: Rates = price
  let threshold = -1
  for (const tier of price.tiers ?? []) {
    if (promptTokens > tier.aboveInputTokens && tier.aboveInputTokens > threshold) {
      band = tier
      threshold = tier.aboveInputTokens
    }
  }
  return band
}
