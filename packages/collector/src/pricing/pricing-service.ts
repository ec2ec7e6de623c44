import { VigilError } from '../errors.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import type { ModelPrice } from './model-price.js'
import { PriceCatalog } from './price-catalog.js'
import { type PriceOverrideSet, PriceOverrideStore } from './price-override-store.js'

export interface PricingServiceOptions {
  /** The base catalog; defaults to the shipped `prices.json`. */
  catalog?: PriceCatalog
  /**
   * How long a project's prices are reused before re-reading its overrides.
   * Bounds how late another collector sees a PUT; this collector sees its own
   * PUTs at once.
   */
  ttlMs?: number
  now?: () => number
}

interface ProjectPrices {
  catalog: PriceCatalog
  overrides: PriceOverrideSet | undefined
  loadedAt: number
}

/**
 * The prices in effect per project: the catalog plus the project's overrides,
 * cached so ingest pays a map lookup per request, not a query.
 *
 * @example
 * const prices = await pricing.forProject(principal.projectId)
 * const mapped = spanToCall(span, principal.projectId, prices)
 */
export class PricingService {
  readonly catalog: PriceCatalog
  readonly #overrides: PriceOverrideStore
  readonly #ttlMs: number
  readonly #now: () => number
  readonly #projects = new Map<string, ProjectPrices>()
  readonly #loading = new Map<string, Promise<ProjectPrices>>()
  /** Bumped by every PUT and invalidation: a read started before must not cache what it found. */
  readonly #generation = new Map<string, number>()

  constructor(store: ClickHouseStore, options: PricingServiceOptions = {}) {
    this.catalog = options.catalog ?? new PriceCatalog()
    this.#overrides = new PriceOverrideStore(store)
    this.#ttlMs = options.ttlMs ?? 5_000
    this.#now = options.now ?? Date.now
  }

  /**
   * The catalog to price a project's calls with. Resolves from cache while it
   * is fresh; rejects with VIGIL_ERR_STORAGE_UNAVAILABLE (503, retry) only when
   * the overrides were never readable, so ingest is retried rather than priced
   * without a project's negotiated rates.
   */
  async forProject(projectId: string): Promise<PriceCatalog> {
    return (await this.#current(projectId)).catalog
  }

  /** The cached catalog, without I/O: undefined until `forProject` has loaded it once. */
  cached(projectId: string): PriceCatalog | undefined {
    return this.#projects.get(projectId)?.catalog
  }

  async overrides(projectId: string): Promise<PriceOverrideSet | undefined> {
    return (await this.#current(projectId)).overrides
  }

  /** Replaces a project's overrides; new data on this collector is priced with them from now on. */
  async replaceOverrides(
    projectId: string,
    models: Record<string, ModelPrice>,
    updatedBy: string,
  ): Promise<{ overrides: PriceOverrideSet; catalog: PriceCatalog }> {
    // Read fresh so the new version is above every saved one, not just the cached one.
    this.invalidate(projectId)
    const previous = await this.#current(projectId)
    const overrides = await this.#overrides.save(projectId, models, updatedBy, previous.overrides?.version)
    const entry = this.#entry(overrides)
    this.invalidate(projectId)
    this.#projects.set(projectId, entry)
    return { overrides, catalog: entry.catalog }
  }

  invalidate(projectId: string): void {
    this.#projects.delete(projectId)
    this.#generation.set(projectId, (this.#generation.get(projectId) ?? 0) + 1)
  }

  async #current(projectId: string): Promise<ProjectPrices> {
    const cached = this.#projects.get(projectId)
    if (cached && this.#now() - cached.loadedAt < this.#ttlMs) return cached
    let loading = this.#loading.get(projectId)
    if (!loading) {
      // One read per project however many requests arrive while it runs.
      loading = this.#load(projectId, cached).finally(() => this.#loading.delete(projectId))
      this.#loading.set(projectId, loading)
    }
    return loading
  }

  async #load(projectId: string, stale: ProjectPrices | undefined): Promise<ProjectPrices> {
    const generation = this.#generation.get(projectId) ?? 0
    try {
      const entry = this.#entry(await this.#overrides.latest(projectId))
      // A PUT landed while this read ran: keep the PUT's prices, not what the read found before it.
      if (generation !== (this.#generation.get(projectId) ?? 0)) return this.#projects.get(projectId) ?? entry
      this.#projects.set(projectId, entry)
      return entry
    } catch (error) {
      // Storage hiccup: keep pricing with the rates we had rather than fail
      // ingest; try again after another TTL.
      if (stale) {
        stale.loadedAt = this.#now()
        return stale
      }
      throw new VigilError('STORAGE_UNAVAILABLE', 'Could not read the project price overrides; retry later', {
        cause: error,
        retryAfterSeconds: 1,
      })
    }
  }

  #entry(overrides: PriceOverrideSet | undefined): ProjectPrices {
    const catalog = overrides ? this.catalog.withOverrides(overrides.models, overrides.version) : this.catalog
    return { catalog, overrides, loadedAt: this.#now() }
  }
}
