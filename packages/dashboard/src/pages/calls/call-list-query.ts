import type { FilterName } from '../../state/url-state.js'

/**
 * The calls explorer's filters, read from the URL and turned into the query
 * of `GET /api/v1/calls`. URL parameters are named as the API names them, so
 * a link and the request it makes read the same. A value the API would
 * reject (a typed "1s" as a latency) is dropped here rather than turned into
 * an error page: the field still shows it, and nothing filters on it.
 */

/** The filters every page shares (url-state.ts); repeated here so this stays importable without a DOM. */
const sharedFilterNames = [
  'useCase',
  'model',
  'provider',
  'environment',
  'promptVersion',
  'userId',
] as const satisfies readonly FilterName[]

/** The calls page's own parameters. */
export const listParamNames = ['status', 'minLatencyMs', 'minCostUsd', 'fallback', 'q'] as const

/** Every parameter that narrows the list (the time range aside). */
export const callFilterNames = [...sharedFilterNames, ...listParamNames] as const
export type CallFilterName = (typeof callFilterNames)[number]
export type CallListQuery = Partial<Record<CallFilterName, string>>

const amount = /^\d+(\.\d+)?$/

function valid(name: CallFilterName, raw: string): string | undefined {
  const value = raw.trim()
  if (value === '' || value.length > 256) return undefined
  switch (name) {
    case 'status':
      return value === 'ok' || value === 'error' ? value : undefined
    case 'fallback':
      return value === 'true' || value === 'false' ? value : undefined
    case 'minLatencyMs':
    case 'minCostUsd':
      return amount.test(value) && Number(value) > 0 ? value : undefined
    default:
      return value
  }
}

/** The API query the URL asks for (without the window, which the caller resolves at request time). */
export function callListQuery(search: URLSearchParams): CallListQuery {
  const query: CallListQuery = {}
  for (const name of callFilterNames) {
    const raw = search.get(name)
    const value = raw === null ? undefined : valid(name, raw)
    if (value !== undefined) query[name] = value
  }
  return query
}

export function hasFilters(query: CallListQuery): boolean {
  return Object.keys(query).length > 0
}

/** URL changes that remove every filter, keeping the time range. */
export function clearFilters(): Record<CallFilterName, undefined> {
  return Object.fromEntries(callFilterNames.map((name) => [name, undefined])) as Record<
    CallFilterName,
    undefined
  >
}

/** A stable key for "the same list": a new key starts the pages over. */
export function listKey(query: CallListQuery): string {
  return callFilterNames.map((name) => `${name}=${query[name] ?? ''}`).join('&')
}

/** The page-only parameters of the URL, to carry into a call and back to the list. */
export function listParams(search: URLSearchParams): Record<string, string | undefined> {
  return Object.fromEntries(listParamNames.map((name) => [name, search.get(name) ?? undefined]))
}
