import { type ReactNode, useRef } from 'react'
import { api } from '../api/api-client.js'
import { dimensions as allDimensions, type Dimension, dimensionLabels } from '../state/dimensions.js'
import { resolveRange, type TimeRange, windowQuery } from '../state/time-range.js'
import { useUrlState } from '../state/url-state.js'
import { useApi } from '../state/use-api.js'
import { FilterSelect } from './FilterField.js'
import '../pages/overview/overview.css'

/**
 * The metric filters of a page, kept in the URL: one select per dimension,
 * whose values are those with calls in the window (so nobody types a model
 * name). A filter set from a link but not offered (no calls in this window,
 * or `userId`, which has no select) still shows, and can be removed.
 */

/** Values offered per dimension at most: a select of more is not a way to choose. */
const MAX_OPTIONS = 200

export interface FilterBarProps {
  /** The dimensions to offer; all five by default. */
  dimensions?: readonly Dimension[]
  /**
   * Hold the option requests while true: the storage answers queries in
   * turn, and a page's own numbers should not wait behind its filter options.
   */
  deferOptions?: boolean
  /** Page controls shown at the end of the bar (e.g. "Group by"). */
  children?: ReactNode
}

export function FilterBar({ dimensions, deferOptions = false, children }: FilterBarProps) {
  const url = useUrlState()
  const names = allDimensions.filter((name) => !dimensions || dimensions.includes(name))
  const last = useRef<Options | undefined>(undefined)
  const options = useApi(async () => {
    // Deferred: keep offering what the last load found.
    if (deferOptions) return last.current
    last.current = await loadOptions(url.range, names)
    return last.current
  }, [JSON.stringify(url.range), names.join(), deferOptions])
  const active = Object.entries(url.filters).filter(([, value]) => value)

  return (
    <fieldset className="filter-bar">
      <legend className="visually-hidden">Filters</legend>
      {names.map((name) => (
        <FilterSelect
          key={name}
          label={dimensionLabels[name]}
          value={url.filters[name]}
          values={options.data?.[name]}
          onChange={(value) => url.setFilter(name, value)}
        />
      ))}
      {url.filters.userId ? (
        <span className="filter-chip">
          User: <strong>{url.filters.userId}</strong>
          <button
            type="button"
            className="link-button"
            onClick={() => url.setFilter('userId', undefined)}
            aria-label={`Remove the user filter ${url.filters.userId}`}
          >
            ×
          </button>
        </span>
      ) : null}
      {active.length > 0 ? (
        <button
          type="button"
          className="link-button clear-filters"
          onClick={() =>
            url.update(Object.fromEntries(active.map(([name]) => [name, undefined])), { push: true })
          }
        >
          Clear filters
        </button>
      ) : null}
      {children ? <div className="filter-bar-extra">{children}</div> : null}
    </fieldset>
  )
}

type Options = Partial<Record<Dimension, string[]>>

/** The values with calls in the window, per dimension; a dimension that fails to load offers none. */
async function loadOptions(range: TimeRange, names: readonly Dimension[]): Promise<Options> {
  const window = resolveRange(range)
  const answers = await Promise.allSettled(
    names.map((by) =>
      api.get<{ rows: { value: string; calls: number }[] }>('/api/v1/metrics/breakdown', {
        by,
        ...windowQuery(window),
        sort: 'calls',
        limit: MAX_OPTIONS,
      }),
    ),
  )
  const out: Options = {}
  names.forEach((name, i) => {
    const answer = answers[i]
    if (answer?.status !== 'fulfilled') return
    out[name] = answer.value.rows
      .filter((row) => row.value !== '' && row.calls > 0)
      .map((row) => row.value)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  })
  return out
}
