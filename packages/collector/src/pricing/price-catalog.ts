import catalog from './prices.json' with { type: 'json' }

/** Prices in USD per million tokens. Absent rates fall back to the input rate. */
export interface ModelPrice {
  provider: string
  input: number
  output: number
  cachedInput?: number
  cacheWrite?: number
  reasoning?: number
}

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
  /** `catalog:<version>`, `sdk` (the app supplied it) or `unknown` (no price or no usage). */
  basis: string
}

// Variants providers and clouds put around one model name; matched explicitly,
// never by loose prefix, so `gpt-4o` can't be priced as `gpt-4o-mini`.
const variantSuffixes = [
  /-\d{4}-\d{2}-\d{2}$/, // gpt-4o-2024-08-06
  /-\d{8}$/, // claude-3-5-sonnet-20241022
  /@\d{8}$/, // Vertex: claude-3-5-sonnet@20240620
  /-v\d+(:\d+)?$/, // Bedrock: anthropic.claude-3-5-sonnet-20241022-v2:0
  /-latest$/,
]

export class PriceCatalog {
  readonly version: string
  readonly #models: Map<string, ModelPrice>

  constructor(models: Record<string, ModelPrice> = catalog.models, version: string = catalog.version) {
    this.version = version
    this.#models = new Map(Object.entries(models).map(([name, price]) => [name.toLowerCase(), price]))
  }

  /** Finds the price of a model by exact name, then by its dated, prefixed or cloud-specific variants. */
  find(model: string): ModelPrice | undefined {
    let name = model.trim().toLowerCase()
    const exact = this.#models.get(name)
    if (exact) return exact
    name = name.slice(name.lastIndexOf('/') + 1) // openai/gpt-4o, models/gemini-…
    name = name.replace(/^(us|eu|apac|global)\./, '').replace(/^(anthropic|openai|meta|mistral|amazon)\./, '')
    for (let changed = true; changed; ) {
      changed = false
      for (const suffix of variantSuffixes) {
        const stripped = name.replace(suffix, '')
        if (stripped !== name) {
          name = stripped
          changed = true
        }
      }
      const match = this.#models.get(name)
      if (match) return match
    }
    return undefined
  }

  /**
   * Cost of one call. Cached reads and cache writes are priced at their own
   * rates and taken out of the input total (they are part of it), so nothing
   * is counted twice. Reasoning tokens are part of the output.
   */
  price(model: string, usage: TokenUsage): PricedCost {
    const price = this.find(model)
    if (!price || (usage.inputTokens === null && usage.outputTokens === null)) {
      return { costUsd: null, basis: 'unknown' }
    }
    const input = usage.inputTokens ?? 0
    const cacheRead = Math.min(usage.cacheReadTokens ?? 0, input)
    const cacheWrite = Math.min(usage.cacheCreationTokens ?? 0, input - cacheRead)
    const output = usage.outputTokens ?? 0
    const reasoning = Math.min(usage.reasoningTokens ?? 0, output)
    const micros =
      (input - cacheRead - cacheWrite) * price.input +
      cacheRead * (price.cachedInput ?? price.input) +
      cacheWrite * (price.cacheWrite ?? price.input) +
      (output - reasoning) * price.output +
      reasoning * (price.reasoning ?? price.output)
    return { costUsd: micros / 1_000_000, basis: `catalog:${this.version}` }
  }
}
