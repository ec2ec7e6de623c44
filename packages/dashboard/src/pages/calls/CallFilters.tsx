import { dimensionLabels } from '../../state/dimensions.js'
import type { UrlState } from '../../state/url-state.js'
import { FilterField, FilterSelect } from '../../ui/FilterField.js'
import { type CallFilterName, type CallListQuery, clearFilters, hasFilters } from './call-list-query.js'
import { useDraftParam } from './use-draft-param.js'

/**
 * The calls explorer's filter bar. Choices apply at once (and add a history
 * entry, so Back undoes them); typed values apply on Enter or after a pause.
 * Filters set elsewhere without a control here (provider, environment,
 * prompt version, from the overview) show as removable chips.
 */

export interface CallFilterOptions {
  useCases: string[]
  models: string[]
}

/** Filters set elsewhere that have no control here: shown as chips. */
const chipNames = ['provider', 'environment', 'promptVersion'] as const

export function CallFilters({
  url,
  query,
  options,
}: {
  url: UrlState
  query: CallListQuery
  options: CallFilterOptions
}) {
  const set = (name: CallFilterName, value: string | undefined) =>
    url.update({ [name]: value }, { push: true })
  const typed = (name: CallFilterName) => (value: string | undefined) => url.update({ [name]: value })
  const search = useDraftParam(url.param('q'), typed('q'))
  const user = useDraftParam(url.param('userId'), typed('userId'))
  const latency = useDraftParam(url.param('minLatencyMs'), typed('minLatencyMs'))
  const cost = useDraftParam(url.param('minCostUsd'), typed('minCostUsd'))
  const chips = chipNames.filter((name) => query[name])

  return (
    <form
      className="filter-bar call-filters"
      aria-label="Filter calls"
      onSubmit={(event) => {
        event.preventDefault()
        for (const draft of [search, user, latency, cost]) draft.flush()
      }}
    >
      <FilterField label="Search content" wide>
        {(id) => (
          <input
            id={id}
            type="search"
            placeholder="words in input or output"
            className={query.q ? 'active' : undefined}
            value={search.draft}
            onChange={(event) => search.setDraft(event.target.value)}
          />
        )}
      </FilterField>
      <FilterSelect
        label="Use case"
        value={query.useCase}
        values={options.useCases}
        onChange={(value) => set('useCase', value)}
      />
      <FilterSelect
        label="Model"
        value={query.model}
        values={options.models}
        onChange={(value) => set('model', value)}
      />
      <FilterField label="Status">
        {(id) => (
          <select
            id={id}
            className={query.status ? 'short active' : 'short'}
            value={query.status ?? ''}
            onChange={(event) => set('status', event.target.value || undefined)}
          >
            <option value="">All</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
          </select>
        )}
      </FilterField>
      <FilterField label="Min latency (ms)">
        {(id) => (
          <input
            id={id}
            className={`narrow${query.minLatencyMs ? ' active' : ''}`}
            type="number"
            min={0}
            step={100}
            inputMode="numeric"
            placeholder="any"
            value={latency.draft}
            onChange={(event) => latency.setDraft(event.target.value)}
          />
        )}
      </FilterField>
      <FilterField label="Min cost (USD)">
        {(id) => (
          <input
            id={id}
            className={`narrow${query.minCostUsd ? ' active' : ''}`}
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            placeholder="any"
            value={cost.draft}
            onChange={(event) => cost.setDraft(event.target.value)}
          />
        )}
      </FilterField>
      <FilterField label="User">
        {(id) => (
          <input
            id={id}
            className={`medium${query.userId ? ' active' : ''}`}
            placeholder="user id"
            value={user.draft}
            onChange={(event) => user.setDraft(event.target.value)}
          />
        )}
      </FilterField>
      <FilterField label="Fallback">
        {(id) => (
          <select
            id={id}
            className={query.fallback ? 'active' : undefined}
            value={query.fallback ?? ''}
            onChange={(event) => set('fallback', event.target.value || undefined)}
          >
            <option value="">All</option>
            <option value="true">In a fallback chain</option>
            <option value="false">Not in a chain</option>
          </select>
        )}
      </FilterField>
      {/* Enter in any field applies it; the button makes that discoverable, and works without a keyboard. */}
      <button type="submit" className="apply-filters">
        Apply
      </button>
      {chips.map((name) => (
        <span key={name} className="filter-chip">
          {dimensionLabels[name]}: <strong>{query[name]}</strong>
          <button
            type="button"
            className="link-button"
            aria-label={`Remove the filter ${dimensionLabels[name]} ${query[name]}`}
            onClick={() => set(name, undefined)}
          >
            ×
          </button>
        </span>
      ))}
      {hasFilters(query) ? (
        <button
          type="button"
          className="link-button clear-filters"
          onClick={() => url.update(clearFilters(), { push: true })}
        >
          Clear filters
        </button>
      ) : null}
    </form>
  )
}
