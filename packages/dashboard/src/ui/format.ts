/**
 * How numbers read on the dashboard: short, with units, the same everywhere.
 * `null` (a rate over nothing, a percentile of no calls) reads as an en dash,
 * never as 0.
 */

const DASH = '–'

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH
  const abs = Math.abs(value)
  if (abs >= 1e9) return `${trim(value / 1e9)}B`
  if (abs >= 1e6) return `${trim(value / 1e6)}M`
  if (abs >= 1e4) return `${trim(value / 1e3)}k`
  return Math.round(value).toLocaleString('en')
}

/** The most decimals a dollar amount gets: two significant digits hold down to $0.000000000010. */
const MAX_USD_DECIMALS = 12

/**
 * Dollars: cents from a cent up, and below a cent two significant digits in
 * plain decimals, since one call often costs a fraction of a cent
 * (`$0.00000046`; `toPrecision` would write `4.6e-7` below a millionth).
 */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH
  const abs = Math.abs(value)
  if (abs === 0) return '$0'
  if (abs < 0.01) return `$${value.toFixed(Math.min(MAX_USD_DECIMALS, 1 - Math.floor(Math.log10(abs))))}`
  if (abs < 1000) return `$${value.toFixed(2)}`
  return `$${formatCount(value)}`
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH
  if (Math.abs(value) >= 10_000) return `${trim(value / 1000)} s`
  if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(2)} s`
  return `${Math.round(value)} ms`
}

/** A ratio (0.034) as a percentage (3.4 %). */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH
  const percent = value * 100
  if (percent === 0) return '0 %'
  if (Math.abs(percent) < 0.1) return '<0.1 %'
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`
}

/**
 * The change from `previous` to `current` as a relative delta (+12 %), or
 * undefined when there is nothing to compare (no previous value, or 0).
 */
export function relativeChange(
  current: number | null | undefined,
  previous: number | null | undefined,
): number | undefined {
  if (current === null || current === undefined || previous === null || previous === undefined)
    return undefined
  if (!Number.isFinite(current) || !Number.isFinite(previous) || previous === 0) return undefined
  return (current - previous) / Math.abs(previous)
}

export function formatChange(change: number | undefined): string {
  if (change === undefined) return ''
  const percent = change * 100
  if (Math.abs(percent) < 0.5) return '±0 %'
  return `${percent > 0 ? '+' : '−'}${Math.abs(percent) < 10 ? Math.abs(percent).toFixed(1) : Math.round(Math.abs(percent))} %`
}

/** A metric value by its unit (the API's units: count, ratio, usd, ms, tokens, rating, value). */
export function formatByUnit(unit: string, value: number | null | undefined): string {
  switch (unit) {
    case 'usd':
      return formatUsd(value)
    case 'ms':
      return formatMs(value)
    case 'ratio':
      return formatPercent(value)
    case 'rating':
    case 'value':
      return value === null || value === undefined || !Number.isFinite(value) ? DASH : trim(value)
    default:
      return formatCount(value)
  }
}

export function formatTime(iso: string | number | Date): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? DASH : date.toLocaleString()
}

function trim(value: number): string {
  return value.toFixed(Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0).replace(/\.?0+$/, '')
}
