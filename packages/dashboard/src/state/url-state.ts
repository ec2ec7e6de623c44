import { useCallback, useMemo } from 'react'
import { navigate, useLocation } from '../app/router.js'
import { rangeFromParams, rangeToParams, type TimeRange } from './time-range.js'

/**
 * Everything a view is filtered by lives in the URL, so a link shows the
 * same thing to whoever opens it: the time range and the metric filters
 * shared by all pages, plus page-specific parameters.
 */

/** Filters every metrics request takes (names as the API spells them). */
export const filterNames = ['useCase', 'model', 'provider', 'environment', 'promptVersion', 'userId'] as const
export type FilterName = (typeof filterNames)[number]
export type Filters = Partial<Record<FilterName, string>>

export interface UrlState {
  path: string
  search: URLSearchParams
  range: TimeRange
  filters: Filters
  /** A page parameter (`groupBy`, `q`…). */
  param(name: string): string | undefined
  /** Sets (or with undefined removes) parameters, keeping the rest; replaces the history entry unless `push`. */
  update(changes: Record<string, string | undefined>, options?: { push?: boolean }): void
  setRange(range: TimeRange): void
  setFilter(name: FilterName, value: string | undefined): void
  /** A link to `path` keeping the range and filters (for navigation between pages). */
  linkTo(path: string, extra?: Record<string, string | undefined>): string
}

export function useUrlState(): UrlState {
  const { path, search } = useLocation()
  const range = useMemo(() => rangeFromParams(search), [search])
  const filters = useMemo(() => {
    const out: Filters = {}
    for (const name of filterNames) {
      const value = search.get(name)
      if (value) out[name] = value
    }
    return out
  }, [search])

  const update = useCallback(
    (changes: Record<string, string | undefined>, options: { push?: boolean } = {}) => {
      const next = new URLSearchParams(location.search)
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(name)
        else next.set(name, value)
      }
      const query = next.toString()
      navigate(`${location.pathname}${query ? `?${query}` : ''}`, { replace: !options.push })
    },
    [],
  )

  return {
    path,
    search,
    range,
    filters,
    param: (name) => search.get(name) ?? undefined,
    update,
    setRange: (next) => update(rangeToParams(next), { push: true }),
    setFilter: (name, value) => update({ [name]: value }, { push: true }),
    linkTo: (target, extra = {}) => {
      const next = new URLSearchParams()
      for (const name of ['range', 'from', 'to', ...filterNames]) {
        const value = search.get(name)
        if (value) next.set(name, value)
      }
      for (const [name, value] of Object.entries(extra)) if (value) next.set(name, value)
      const query = next.toString()
      return `${target}${query ? `?${query}` : ''}`
    },
  }
}
