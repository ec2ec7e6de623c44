import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { z } from 'zod'
import { VigilError } from '../errors.js'
import { type ModelPrice, modelPriceSchema } from '../pricing/model-price.js'
import type { PriceCatalog } from '../pricing/price-catalog.js'
import type { PriceOverrideSet } from '../pricing/price-override-store.js'
import { PricingService } from '../pricing/pricing-service.js'
import { type RecomputeRange, recomputeCosts } from '../pricing/recompute-costs.js'
import { loadShippedCatalog } from '../pricing/shipped-catalog.js'
import type { AuditLog } from '../storage/audit-log.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { queryUnpricedModels } from '../storage/unpriced-models-query.js'
import { apiRoute } from './api-route.js'
import { instant } from './instant.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-project prices; ingest prices each request with `await app.pricing.forProject(projectId)`. */
    pricing: PricingService
  }
}

export interface PricesApiOptions {
  store: ClickHouseStore
  /** Where PUTs and recomputes are recorded (`prices.replace`, `prices.recompute`). */
  audit: AuditLog
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

const windowQuery = z.strictObject({
  from: instant.optional().describe('Start of the window (default: 7 days before `to`)'),
  to: instant.optional().describe('End of the window (default: now)'),
})
const recomputeBody = z.strictObject({ from: instant, to: instant })

const pricedModel = z.object({
  ...modelPriceSchema.shape,
  model: z.string(),
  source: z.enum(['catalog', 'override']),
  basis: z
    .string()
    .describe('What a cost priced with it records: `catalog:<version>` or `override:<version>`'),
})

const pricesView = z.strictObject({
  projectId: z.string(),
  unit: z.literal('USD per 1M tokens'),
  catalogVersion: z.string(),
  overrideVersion: z.string().nullable(),
  overridesUpdatedAt: z.string().nullable(),
  overrides: z.record(z.string(), modelPriceSchema).describe('As saved: edit and send back with PUT'),
  models: z.array(pricedModel).describe('Every model in effect, overrides included, sorted by name'),
  sources: z.record(
    z.string(),
    z.strictObject({ source: z.string(), checked: z.string(), notes: z.string().optional() }),
  ),
})

const unknownModelsView = z.strictObject({
  from: z.string(),
  to: z.string(),
  models: z.array(
    z.strictObject({
      model: z.string(),
      provider: z.string(),
      calls: z.number(),
      callsWithUsage: z.number(),
      lastSeen: z.string(),
      pricedNow: z.boolean().describe('A price was added since; a recompute will cost the stored calls'),
    }),
  ),
})

const recomputeView = z.strictObject({
  from: z.string(),
  to: z.string(),
  catalogVersion: z.string(),
  overrideVersion: z.string().nullable(),
  scanned: z.number(),
  repriced: z.number(),
  unchanged: z.number(),
  keptSdk: z.number(),
  keptWithoutPrice: z.number(),
  unknown: z.number(),
  rebuilt: z.strictObject({ from: z.string(), to: z.string() }).nullable(),
})

const TAG = 'Prices'

/**
 * `/api/v1/prices`: the prices a project's calls are costed with, the
 * project's overrides and custom models, the models still without a price,
 * and re-pricing of stored calls. Decorates the app with `pricing`, shared
 * with ingest so a PUT applies to the next export this collector receives.
 */
const pricesApi: FastifyPluginAsync<PricesApiOptions> = async (app, options) => {
  const { audit } = options
  const pricing = options.pricing ?? new PricingService(options.store, { catalog: options.catalog })
  app.decorate('pricing', pricing)
  const recomputing = new Set<string>()

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/prices',
      scope: 'read',
      tag: TAG,
      summary: 'The prices in effect for the caller’s project: catalog, overrides and sources',
      response: pricesView,
    },
    async ({ principal: { projectId } }) => {
      const [catalog, overrides] = await Promise.all([
        pricing.forProject(projectId),
        pricing.overrides(projectId),
      ])
      return effectivePrices(projectId, catalog, overrides)
    },
  )

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/prices',
      scope: 'admin',
      tag: TAG,
      summary: 'Replace the project’s price overrides and custom models',
      description: 'Applies to calls ingested from now on; stored calls keep their cost until a recompute.',
      body: overridesBody,
      response: pricesView,
    },
    async ({ principal, body }) => {
      const { projectId, keyId } = principal
      const previous = (await pricing.overrides(projectId))?.version ?? null
      const { catalog, overrides } = await pricing.replaceOverrides(projectId, body.models, keyId)
      await audit.record({
        projectId,
        actor: principal,
        action: 'prices.replace',
        target: 'prices',
        details: {
          overrideVersion: overrides.version,
          previousOverrideVersion: previous,
          models: Object.keys(body.models).sort(),
        },
      })
      return effectivePrices(projectId, catalog, overrides)
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/prices/unknown-models',
      scope: 'read',
      tag: TAG,
      summary: 'Models whose calls have no cost in a window, most calls first',
      query: windowQuery,
      response: unknownModelsView,
    },
    async ({ principal: { projectId }, query }) => {
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
        models: models.map((model) => ({ ...model, pricedNow: catalog.resolve(model.model) !== undefined })),
      }
    },
  )

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/prices/recompute',
      scope: 'admin',
      tag: TAG,
      summary: 'Re-price the project’s stored calls that started in [from, to) with the current prices',
      description: `At most ${MAX_RECOMPUTE_DAYS} days per request, one recompute per project at a time (409).`,
      body: recomputeBody,
      response: recomputeView,
    },
    async ({ principal, body: { from, to } }) => {
      const { projectId } = principal
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
          { rebuildRollup: options.rebuildRollup },
        )
        const view = {
          from: from.toISOString(),
          to: to.toISOString(),
          catalogVersion: catalog.version,
          overrideVersion: catalog.overrideVersion ?? null,
          ...result,
        }
        await audit.record({
          projectId,
          actor: principal,
          action: 'prices.recompute',
          target: 'prices',
          details: view,
        })
        return view
      } finally {
        recomputing.delete(projectId)
      }
    },
  )
}

function effectivePrices(projectId: string, catalog: PriceCatalog, overrides: PriceOverrideSet | undefined) {
  return {
    projectId,
    unit: 'USD per 1M tokens' as const,
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
