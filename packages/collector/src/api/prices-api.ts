import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { z } from 'zod'
import { principalOf } from '../auth/auth-plugin.js'
import { VigilError } from '../errors.js'
import { type ModelPrice, modelPriceSchema } from '../pricing/model-price.js'
import type { PriceCatalog } from '../pricing/price-catalog.js'
import type { PriceOverrideSet } from '../pricing/price-override-store.js'
import { PricingService } from '../pricing/pricing-service.js'
import { type RecomputeRange, recomputeCosts } from '../pricing/recompute-costs.js'
import { loadShippedCatalog } from '../pricing/shipped-catalog.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { queryUnpricedModels } from '../storage/unpriced-models-query.js'
import { instant } from './instant.js'
import { parseBody } from './parse-body.js'
import { parseQuery } from './parse-query.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-project prices; ingest prices each request with `await app.pricing.forProject(projectId)`. */
    pricing: PricingService
  }
}

export interface PricesApiOptions {
  store: ClickHouseStore
  /** Base catalog; the shipped `prices.json` when absent. */
  catalog?: PriceCatalog
  /** Supply one to share it (and its cache) with code outside the app. */
  pricing?: PricingService
  /** Rebuilds rollups of `calls` for the minutes a recompute rewrote; `calls_1m` by default. */
  rebuildRollup?: (window: RecomputeRange) => Promise<void>
}

const DAY_MS = 24 * 60 * 60 * 1000
const MAX_RECOMPUTE_DAYS = 92

const overridesBody = z.strictObject({
  models: z
    .record(z.string().trim().min(1).max(256), modelPriceSchema)
    .refine((models) => Object.keys(models).length <= 500, 'at most 500 models per project')
    .refine(
      (models) =>
        new Set(Object.keys(models).map((name) => name.toLowerCase())).size === Object.keys(models).length,
      'model names must be unique ignoring case (matching is case-insensitive)',
    ),
})

const windowQuery = z.strictObject({ from: instant.optional(), to: instant.optional() })
const recomputeBody = z.strictObject({ from: instant, to: instant })

/**
 * `/api/v1/prices`: the prices a project's calls are costed with, the
 * project's overrides and custom models, the models still without a price,
 * and re-pricing of stored calls. Decorates the app with `pricing`, shared
 * with ingest so a PUT applies to the next export this collector receives.
 */
const pricesApi: FastifyPluginAsync<PricesApiOptions> = async (app, options) => {
  const pricing = options.pricing ?? new PricingService(options.store, { catalog: options.catalog })
  app.decorate('pricing', pricing)
  const recomputing = new Set<string>()

  app.get('/api/v1/prices', async (request) => {
    const { projectId } = principalOf(request, 'read')
    const [catalog, overrides] = await Promise.all([
      pricing.forProject(projectId),
      pricing.overrides(projectId),
    ])
    return effectivePrices(projectId, catalog, overrides)
  })

  app.put('/api/v1/prices', async (request) => {
    const { projectId, keyId } = principalOf(request, 'admin')
    const body = parseBody(overridesBody, request.body)
    const { catalog, overrides } = await pricing.replaceOverrides(projectId, body.models, keyId)
    return effectivePrices(projectId, catalog, overrides)
  })

  app.get('/api/v1/prices/unknown-models', async (request) => {
    const { projectId } = principalOf(request, 'read')
    const query = parseQuery(windowQuery, request.query)
    const to = query.to ?? new Date()
    const from = query.from ?? new Date(to.getTime() - 7 * DAY_MS)
    if (from >= to)
      throw new VigilError('INVALID_PARAMS', 'Invalid query parameter "from": must be before "to"')
    const [models, catalog] = await Promise.all([
      queryUnpricedModels(options.store, { projectId, from, to, limit: 1000 }),
      pricing.forProject(projectId),
    ])
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      // pricedNow: a price was added since; a recompute will cost the stored calls.
      models: models.map((model) => ({ ...model, pricedNow: catalog.resolve(model.model) !== undefined })),
    }
  })

  app.post('/api/v1/prices/recompute', async (request) => {
    const { projectId } = principalOf(request, 'admin')
    const { from, to } = parseBody(recomputeBody, request.body)
    if (from >= to) throw new VigilError('INVALID_BODY', 'Invalid field "from": must be before "to"')
    if (to.getTime() - from.getTime() > MAX_RECOMPUTE_DAYS * DAY_MS) {
      throw new VigilError(
        'INVALID_BODY',
        `Invalid field "to": at most ${MAX_RECOMPUTE_DAYS} days per recompute`,
      )
    }
    if (recomputing.has(projectId)) {
      throw new VigilError(
        'RECOMPUTE_IN_PROGRESS',
        'A recompute is already running for this project; retry when it ends',
      )
    }
    recomputing.add(projectId)
    try {
      // Fresh overrides, not the TTL cache: a PUT on another collector just before must count.
      pricing.invalidate(projectId)
      const catalog = await pricing.forProject(projectId)
      const result = await recomputeCosts(
        options.store,
        catalog,
        { projectId, from, to },
        {
          rebuildRollup: options.rebuildRollup,
        },
      )
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        catalogVersion: catalog.version,
        overrideVersion: catalog.overrideVersion ?? null,
        ...result,
      }
    } finally {
      recomputing.delete(projectId)
    }
  })
}

function effectivePrices(projectId: string, catalog: PriceCatalog, overrides: PriceOverrideSet | undefined) {
  return {
    projectId,
    unit: 'USD per 1M tokens',
    catalogVersion: catalog.version,
    overrideVersion: overrides?.version ?? null,
    overridesUpdatedAt: overrides?.updatedAt ?? null,
    /** As saved: edit and send back with PUT. */
    overrides: overrides?.models ?? ({} as Record<string, ModelPrice>),
    models: catalog.entries().map((entry) => ({
      model: entry.name,
      source: entry.source,
      basis: entry.basis,
      ...entry.price,
    })),
    sources: loadShippedCatalog().sources,
  }
}

export default fp(pricesApi, { name: 'vigil-prices' })
