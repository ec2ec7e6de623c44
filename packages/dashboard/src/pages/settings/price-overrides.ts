/**
 * The price overrides editor's rows and the body of `PUT /api/v1/prices`.
 * Rates are USD per million tokens, typed as text; fields the editor does
 * not show (long-context tiers, aliases) are kept from the saved override,
 * so editing a rate never drops them.
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

export const rateFields = ['input', 'output', 'cachedInput', 'cacheWrite', 'reasoning'] as const
export type RateField = (typeof rateFields)[number]

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

/** The PUT body, or each cell to fix (the API would refuse the first anyway, less helpfully). */
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
      const text = row.rates[field].trim()
      if (text === '') {
        if (field === 'input' || field === 'output')
          errors.push({ key: row.key, field, message: 'Required (0 if free)' })
        continue
      }
      const value = Number(text)
      if (!Number.isFinite(value) || value < 0 || value > 10_000)
        errors.push({ key: row.key, field, message: 'A rate from 0 to 10000 (USD per 1M tokens)' })
      else price[field] = value
    }
    if (row.provider.trim() !== '') price.provider = row.provider.trim()
    models[model] = { ...(price as ModelPrice), ...row.kept }
  }
  return errors.length > 0 ? { errors } : { models }
}
