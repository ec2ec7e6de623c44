/**
 * The window every page looks at: relative (`24h`: the last 24 hours, moving
 * with auto-refresh) or absolute (`from`/`to`), as kept in the URL. The
 * previous period (same length, just before) is what headline numbers are
 * compared against.
 */

export const relativeRanges = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const
export type RelativeRange = keyof typeof relativeRanges
export const DEFAULT_RANGE: RelativeRange = '24h'

export type TimeRange =
  | { kind: 'relative'; range: RelativeRange }
  | { kind: 'absolute'; from: Date; to: Date }

export interface Window {
  from: Date
  to: Date
}

export function isRelativeRange(value: string | null | undefined): value is RelativeRange {
  return value !== null && value !== undefined && Object.hasOwn(relativeRanges, value)
}

/** The range a URL's `range`, `from`, `to` describe; the default when they describe none. */
export function rangeFromParams(search: URLSearchParams): TimeRange {
  const from = search.get('from')
  const to = search.get('to')
  if (from && to) {
    const a = new Date(from)
    const b = new Date(to)
    if (!Number.isNaN(a.getTime()) && !Number.isNaN(b.getTime()) && a < b)
      return { kind: 'absolute', from: a, to: b }
  }
  const range = search.get('range')
  return { kind: 'relative', range: isRelativeRange(range) ? range : DEFAULT_RANGE }
}

/** The URL parameters of a range (the others are removed by the caller). */
export function rangeToParams(range: TimeRange): Record<string, string | undefined> {
  return range.kind === 'relative'
    ? { range: range.range, from: undefined, to: undefined }
    : { range: undefined, from: range.from.toISOString(), to: range.to.toISOString() }
}

/** The window of a range at `now`. */
export function resolveRange(range: TimeRange, now = new Date()): Window {
  if (range.kind === 'absolute') return { from: range.from, to: range.to }
  return { from: new Date(now.getTime() - relativeRanges[range.range]), to: now }
}

/** A window as the API's `from` and `to` parameters. */
export function windowQuery(window: Window): { from: string; to: string } {
  return { from: window.from.toISOString(), to: window.to.toISOString() }
}

/** The window of the same length just before. */
export function previousWindow(window: Window): Window {
  const length = window.to.getTime() - window.from.getTime()
  return { from: new Date(window.from.getTime() - length), to: window.from }
}

export function describeRange(range: TimeRange): string {
  if (range.kind === 'relative')
    return `Last ${range.range.replace('m', ' min').replace('h', ' h').replace('d', ' days')}`
  return `${range.from.toLocaleString()} – ${range.to.toLocaleString()}`
}
