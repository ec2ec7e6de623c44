import { type ReactNode, useId, useRef } from 'react'
import { api } from '../api/api-client.js'
import { resolveRange, type TimeRange } from '../state/time-range.js'
import { type FilterName, useUrlState } from '../state/url-state.js'
import { useApi } from '../state/use-api.js'
import '../pages/overview/overview.css'

/**
 * The metric filters of a page, kept in the URL: one select per dimension,
 * whose values are those with calls in the window (so nobody types a model
 * name). A filter set from a link but not offered (no calls in this window,
 * or `userId`, which has no select) still shows, and can be removed.
 */

export const filterDimensions = [
  { name: 'useCase', label: 'Use case' },
  { name: 'model', label: 'Model' },
  { name: 'provider', label: 'Provider' },
  { name: 'environment', label: 'Environment' },
  { name: 'promptVersion', label: 'Prompt version' },
] as const satisfies readonly { name: FilterName; label: string }[]

export type FilterDimension = (typeof filterDimensions)[number]['name']

/** Values offered per dimension at most: a select of more is not a way to choose. */
const MAX_OPTIONS = 200

export interface FilterBarProps {
  /** The dimensions to offer; all five by default. */
  dimensions?: readonly FilterDimension[]
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
  const shown = filterDimensions.filter((d) => !dimensions || dimensions.includes(d.name))
  const names = shown.map((d) => d.name)
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
      {shown.map((dimension) => (
        <FilterSelect
          key={dimension.name}
          label={dimension.label}
          value={url.filters[dimension.name]}
          values={options.data?.[dimension.name]}
          onChange={(value) => url.setFilter(dimension.name, value)}
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

function FilterSelect(props: {
  label: string
  value: string | undefined
  values: string[] | undefined
  onChange(value: string | undefined): void
}) {
  const id = useId()
  const values = props.values ?? []
  // A value from a shared link stays selectable even when this window has no calls for it.
  const all = props.value && !values.includes(props.value) ? [props.value, ...values] : values
  return (
    <div className="filter-field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value ?? ''}
        className={props.value ? 'active' : undefined}
        onChange={(event) => props.onChange(event.target.value || undefined)}
      >
        <option value="">All</option>
        {all.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    </div>
  )
}

type Options = Partial<Record<FilterDimension, string[]>>

/** The values with calls in the window, per dimension; a dimension that fails to load offers none. */
async function loadOptions(range: TimeRange, names: readonly FilterDimension[]): Promise<Options> {
  const { from, to } = resolveRange(range)
  const answers = await Promise.allSettled(
    names.map((by) =>
      api.get<{ rows: { value: string; calls: number }[] }>('/api/v1/metrics/breakdown', {
        by,
        from: from.toISOString(),
        to: to.toISOString(),
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
