import { type Window, windowQuery } from '../state/time-range.js'
import { api } from './api-client.js'

/**
 * The project's price overrides (negotiated rates, models the catalog
 * lacks), in USD per million tokens, as the prices API reads and replaces
 * them. `PUT /api/v1/prices` replaces the whole set, so every change starts
 * from the saved set and keeps what it does not edit (long-context tiers,
 * aliases). Two editors use it: one model's price from the breakdowns page,
 * and the overrides table in the settings.
 */

export interface Rates {
  input: number
  output: number
  cachedInput?: number
  cacheWrite?: number
  reasoning?: number
}

export interface ModelPrice extends Rates {
  provider?: string
  tiers?: (Rates & { aboveInputTokens: number })[]
  aliases?: string[]
}

/** What `GET` and `PUT /api/v1/prices` answer: the overrides, and every price in effect. */
export interface Prices {
  catalogVersion: string
  overrideVersion: string | null
  overridesUpdatedAt: string | null
  overrides: Record<string, ModelPrice>
  models: (ModelPrice & { model: string; source: 'catalog' | 'override' })[]
}

/** A model called without a price: its calls count in every total but cost. */
export interface UnknownModel {
  model: string
  provider: string
  calls: number
  callsWithUsage: number
  lastSeen: string
  /** Priced since: new calls are costed, stored ones only after a recompute. */
  pricedNow: boolean
}

export interface RecomputeResult {
  from: string
  to: string
  scanned: number
  repriced: number
  unchanged: number
  keptSdk: number
  keptWithoutPrice: number
  unknown: number
}

/** The API's limit on one recompute. */
export const MAX_RECOMPUTE_MS = 92 * 86_400_000
/** The highest rate the API takes, USD per 1M tokens. */
const MAX_RATE = 10_000

export function loadPrices(): Promise<Prices> {
  return api.get<Prices>('/api/v1/prices')
}

export function savePriceOverrides(models: Record<string, ModelPrice>): Promise<Prices> {
  return api.put<Prices>('/api/v1/prices', { models })
}

/** The models without a price in `window` (by default the API's: the last 7 days). */
export function loadUnknownModels(window?: Window): Promise<{ models: UnknownModel[] }> {
  return api.get<{ models: UnknownModel[] }>('/api/v1/prices/unknown-models', window && windowQuery(window))
}

/** Costs the stored calls of `window` again, with the prices in effect now. */
export function recomputeCosts(window: Window): Promise<RecomputeResult> {
  return api.post<RecomputeResult>('/api/v1/prices/recompute', windowQuery(window))
}

/**
 * The override set with `model` priced. Names match ignoring case (as the
 * API does), so an entry spelt differently is updated, not duplicated, and
 * keeps what the form does not edit (aliases, tiers).
 */
export function withModelPrice(
  overrides: Record<string, ModelPrice>,
  model: string,
  price: ModelPrice,
): Record<string, ModelPrice> {
  const out: Record<string, ModelPrice> = {}
  let existing: ModelPrice | undefined
  for (const [name, entry] of Object.entries(overrides)) {
    if (name.toLowerCase() === model.toLowerCase()) existing = entry
    else out[name] = entry
  }
  const merged: ModelPrice = { ...existing, ...price }
  // A cached rate cleared in the form falls back to the input rate, as the API documents.
  if (price.cachedInput === undefined) delete merged.cachedInput
  out[model] = merged
  return out
}

/** Prices one model, keeping every other override. */
export async function addModelPrice(model: string, price: ModelPrice): Promise<Prices> {
  const current = await loadPrices()
  return savePriceOverrides(withModelPrice(current.overrides, model, price))
}

/** A rate typed as text: its value, undefined when empty, or why the API would refuse it. */
function readRate(text: string): number | undefined | { problem: 'not a number ≥ 0' | 'too high' } {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  const value = Number(trimmed)
  if (!Number.isFinite(value) || value < 0) return { problem: 'not a number ≥ 0' }
  if (value > MAX_RATE) return { problem: 'too high' }
  return value
}

export interface PriceFields {
  input: string
  output: string
  cachedInput: string
}

/** The add-a-price form's text as a price, or the problem with it. */
export function parsePrice(
  fields: PriceFields,
  provider?: string,
): { price: ModelPrice } | { error: string } {
  const read = (text: string, name: string, required: boolean): number | undefined | string => {
    const rate = readRate(text)
    if (rate === undefined) return required ? `${name} is required` : undefined
    if (typeof rate === 'number') return rate
    return rate.problem === 'too high'
      ? `${name} must be at most 10,000 USD per 1M tokens`
      : `${name} must be a number ≥ 0`
  }
  const input = read(fields.input, 'Input price', true)
  const output = read(fields.output, 'Output price', true)
  const cachedInput = read(fields.cachedInput, 'Cached input price', false)
  for (const value of [input, output, cachedInput]) if (typeof value === 'string') return { error: value }
  const price: ModelPrice = { input: input as number, output: output as number }
  if (provider) price.provider = provider
  if (cachedInput !== undefined) price.cachedInput = cachedInput as number
  return { price }
}

export const rateFields = ['input', 'output', 'cachedInput', 'cacheWrite', 'reasoning'] as const
export type RateField = (typeof rateFields)[number]

/** A row of the overrides table: rates typed as text. */
export interface PriceRow {
  /** Stable across edits (React key), not sent. */
  key: string
  model: string
  provider: string
  rates: Record<RateField, string>
  /** Tiers and aliases of the saved override, sent back unchanged. */
  kept: Pick<ModelPrice, 'tiers' | 'aliases'>
}

export interface RowError {
  key: string
  field: 'model' | RateField
  message: string
}

let nextKey = 0
const newKey = () => `row-${++nextKey}`

export function priceToRow(model: string, price: Partial<ModelPrice> = {}): PriceRow {
  const rates = {} as Record<RateField, string>
  for (const field of rateFields) rates[field] = price[field] === undefined ? '' : String(price[field])
  const kept: PriceRow['kept'] = {}
  if (price.tiers) kept.tiers = price.tiers
  if (price.aliases) kept.aliases = price.aliases
  return { key: newKey(), model, provider: price.provider ?? '', rates, kept }
}

export function overridesToRows(overrides: Record<string, ModelPrice>): PriceRow[] {
  return Object.entries(overrides)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, price]) => priceToRow(model, price))
}

/** The overrides table as the set to PUT, or each cell to fix (the API would refuse the first, less helpfully). */
export function rowsToOverrides(
  rows: readonly PriceRow[],
): { models: Record<string, ModelPrice> } | { errors: RowError[] } {
  const errors: RowError[] = []
  const models: Record<string, ModelPrice> = {}
  const seen = new Set<string>()
  for (const row of rows) {
    const model = row.model.trim()
    if (model === '') errors.push({ key: row.key, field: 'model', message: 'Name the model' })
    else if (seen.has(model.toLowerCase()))
      errors.push({ key: row.key, field: 'model', message: 'Listed twice (names match ignoring case)' })
    seen.add(model.toLowerCase())
    const price: Partial<ModelPrice> = {}
    for (const field of rateFields) {
      const rate = readRate(row.rates[field])
      if (rate === undefined) {
        if (field === 'input' || field === 'output')
          errors.push({ key: row.key, field, message: 'Required (0 if free)' })
      } else if (typeof rate === 'number') price[field] = rate
      else errors.push({ key: row.key, field, message: 'A rate from 0 to 10000 (USD per 1M tokens)' })
    }
    if (row.provider.trim() !== '') price.provider = row.provider.trim()
    models[model] = { ...(price as ModelPrice), ...row.kept }
  }
  return errors.length > 0 ? { errors } : { models }
}
