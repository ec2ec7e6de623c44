import { api } from '../../api/api-client.js'

/**
 * Adding one model's price. The prices API replaces the project's whole
 * override set (PUT /api/v1/prices), so the current set is read first and
 * sent back with the new model in it: no other override is dropped.
 */

/** A price as the API takes it, in USD per million tokens (other fields, e.g. tiers, pass through). */
export interface ModelPrice {
  provider?: string
  input: number
  output: number
  cachedInput?: number
  [field: string]: unknown
}

export interface PricesView {
  overrideVersion: string | null
  overrides: Record<string, ModelPrice>
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

export async function addModelPrice(model: string, price: ModelPrice): Promise<PricesView> {
  const current = await api.get<PricesView>('/api/v1/prices')
  return api.put<PricesView>('/api/v1/prices', { models: withModelPrice(current.overrides, model, price) })
}

export function recomputeCosts(from: Date, to: Date): Promise<RecomputeResult> {
  return api.post<RecomputeResult>('/api/v1/prices/recompute', {
    from: from.toISOString(),
    to: to.toISOString(),
  })
}

/** The API's limit on one recompute. */
export const MAX_RECOMPUTE_MS = 92 * 86_400_000

export interface PriceFields {
  input: string
  output: string
  cachedInput: string
}

/** The form's text as a price, or the problem with it (in the API's bounds: 0…10,000 USD per 1M tokens). */
export function parsePrice(
  fields: PriceFields,
  provider?: string,
): { price: ModelPrice } | { error: string } {
  const read = (text: string, name: string, required: boolean): number | undefined | string => {
    const trimmed = text.trim()
    if (trimmed === '') return required ? `${name} is required` : undefined
    const value = Number(trimmed)
    if (!Number.isFinite(value) || value < 0) return `${name} must be a number ≥ 0`
    if (value > 10_000) return `${name} must be at most 10,000 USD per 1M tokens`
    return value
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
