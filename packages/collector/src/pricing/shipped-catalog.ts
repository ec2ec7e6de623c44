import { z } from 'zod'
import { type ModelPrice, modelPriceSchema } from './model-price.js'
import raw from './prices.json' with { type: 'json' }

const providerSchema = z.object({
  source: z.string().min(1),
  checked: z.iso.date(),
  notes: z.string().optional(),
  models: z.record(z.string().min(1), modelPriceSchema.omit({ provider: true })),
})

const catalogFileSchema = z.object({
  version: z.string().min(1),
  unit: z.literal('USD per 1M tokens'),
  notes: z.array(z.string()),
  providers: z.record(z.string().min(1), providerSchema),
})

export interface ProviderSource {
  source: string
  checked: string
  notes?: string | undefined
}

export interface ShippedCatalog {
  version: string
  models: Record<string, ModelPrice>
  sources: Record<string, ProviderSource>
}

/**
 * The price list that ships with the collector (`prices.json`), checked
 * against its schema when first loaded: a bad edit fails the tests and the
 * start-up instead of pricing calls wrong.
 */
export function loadShippedCatalog(): ShippedCatalog {
  cached ??= parseCatalogFile(raw)
  return cached
}

let cached: ShippedCatalog | undefined

export function parseCatalogFile(input: unknown): ShippedCatalog {
  const file = catalogFileSchema.parse(input)
  const models: Record<string, ModelPrice> = {}
  const sources: Record<string, ProviderSource> = {}
  for (const [provider, entry] of Object.entries(file.providers)) {
    sources[provider] = { source: entry.source, checked: entry.checked, notes: entry.notes }
    for (const [name, price] of Object.entries(entry.models)) {
      if (models[name]) throw new Error(`prices.json lists "${name}" under two providers`)
      models[name] = { provider, ...price }
    }
  }
  return { version: file.version, models, sources }
}
