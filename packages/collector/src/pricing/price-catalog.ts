import { candidateNames } from './model-name.js'
import { costOf, type ModelPrice, type PricedCost, type TokenUsage } from './model-price.js'
import { loadShippedCatalog } from './shipped-catalog.js'

export type { ModelPrice, PricedCost, TokenUsage } from './model-price.js'

/** A price as found for a model name, with where it came from. */
export interface ResolvedPrice {
  /** The catalog or override name that matched (as written there). */
  name: string
  price: ModelPrice
  source: 'catalog' | 'override'
  /** What a cost priced with it records: `catalog:<version>` or `override:<version>`. */
  basis: string
}

/**
 * The prices in effect for one project: the shipped catalog, optionally with
 * the project's overrides and custom models on top. Immutable; a new override
 * set makes a new catalog, so a batch is priced by one consistent version.
 */
export class PriceCatalog {
  readonly version: string
  /** Version of the override set applied, if any. */
  readonly overrideVersion: string | undefined
  readonly #baseModels: Record<string, ModelPrice>
  readonly #entries = new Map<string, ResolvedPrice>()
  readonly #aliases = new Map<string, string>()

  /** Without arguments: the catalog shipped in `prices.json`. */
  constructor(
    models?: Record<string, ModelPrice>,
    version?: string,
    overrides?: { models: Record<string, ModelPrice>; version: string },
  ) {
    const shipped = models ? undefined : loadShippedCatalog()
    this.#baseModels = models ?? shipped?.models ?? {}
    this.version = version ?? shipped?.version ?? 'unversioned'
    this.overrideVersion = overrides?.version
    for (const [name, price] of Object.entries(this.#baseModels)) {
      this.#add(name, price, 'catalog', `catalog:${this.version}`, true)
    }
    for (const [name, price] of Object.entries(overrides?.models ?? {})) {
      this.#add(name, price, 'override', `override:${overrides?.version}`, false)
    }
  }

  /**
   * This catalog with a project's overrides applied. An override named like a
   * catalog model (or one of its aliases) replaces it for every variant of that
   * name; other names are custom models (fine-tunes, Azure deployment names…).
   */
  withOverrides(overrides: Record<string, ModelPrice>, overrideVersion: string): PriceCatalog {
    return new PriceCatalog(this.#baseModels, this.version, { models: overrides, version: overrideVersion })
  }

  /** Finds the price of a model by exact name or alias, then by its dated, prefixed or cloud-specific variants. */
  find(model: string): ModelPrice | undefined {
    return this.resolve(model)?.price
  }

  resolve(model: string): ResolvedPrice | undefined {
    for (const name of candidateNames(model)) {
      const entry = this.#entries.get(name) ?? this.#entries.get(this.#aliases.get(name) ?? '')
      if (entry) return entry
    }
    return undefined
  }

  /**
   * Cost of one call: null with basis `unknown` when the model has no price or
   * the call reported no usage — never 0, which would read as "free".
   */
  price(model: string, usage: TokenUsage): PricedCost {
    const resolved = this.resolve(model)
    const costUsd = resolved ? costOf(resolved.price, usage) : null
    if (!resolved || costUsd === null) return { costUsd: null, basis: 'unknown' }
    return { costUsd, basis: resolved.basis }
  }

  /** Every model in effect, overrides included, sorted by name. */
  entries(): ResolvedPrice[] {
    return [...this.#entries.values()].sort((a, b) => a.name.localeCompare(b.name))
  }

  #add(
    name: string,
    price: ModelPrice,
    source: ResolvedPrice['source'],
    basis: string,
    strict: boolean,
  ): void {
    const key = name.trim().toLowerCase()
    // Two catalog entries claiming one name would make pricing depend on file order.
    if (strict && (this.#entries.has(key) || this.#aliases.has(key))) {
      throw new Error(`Price catalog lists "${name}" twice`)
    }
    this.#entries.set(key, { name, price, source, basis })
    for (const alias of price.aliases ?? []) {
      const aliasKey = alias.trim().toLowerCase()
      if (strict && (this.#entries.has(aliasKey) || this.#aliases.has(aliasKey))) {
        throw new Error(`Price catalog alias "${alias}" of "${name}" is already a model or alias`)
      }
      this.#aliases.set(aliasKey, key)
    }
  }
}
