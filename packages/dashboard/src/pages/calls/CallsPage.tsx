import { useMemo } from 'react'
import type { PageProps } from '../../app/routes.js'
import { loadDimensionValues } from '../../state/dimension-values.js'
import type { Dimension } from '../../state/dimensions.js'
import { describeRange, resolveRange, type TimeRange } from '../../state/time-range.js'
import { useUrlState } from '../../state/url-state.js'
import { useApi } from '../../state/use-api.js'
import { EmptyState, ErrorBox, Loading } from '../../ui/feedback.js'
import { InstrumentSnippet } from '../../ui/InstrumentSnippet.js'
import { type CallFilterOptions, CallFilters } from './CallFilters.js'
import { CallsTable } from './CallsTable.js'
import { callListQuery, clearFilters, hasFilters, listParams } from './call-list-query.js'
import { useCallPages } from './use-call-pages.js'
import './calls.css'

/** `/calls`: every call of the window that matches the filters, newest first, page by page. */
export default function CallsPage(_: PageProps) {
  const url = useUrlState()
  const query = useMemo(() => callListQuery(url.search), [url.search])
  const rangeKey = rangeKeyOf(url.range)
  const pages = useCallPages(query, rangeKey, () => resolveRange(url.range))
  const options = useFilterOptions(url.range, rangeKey)
  const filtered = hasFilters(query)
  const carried = listParams(url.search)

  return (
    <section className="calls-page">
      <div className="page-head">
        <h1>Calls</h1>
        <p className="page-subtitle muted">
          {describeRange(url.range)}
          {pages.calls.length > 0 && !pages.stale
            ? ` · ${pages.calls.length.toLocaleString('en')}${pages.hasMore ? '+' : ''} calls`
            : ''}
          {pages.loading && pages.calls.length > 0 ? ' · updating…' : ''}
        </p>
      </div>
      <CallFilters url={url} query={query} options={options} />
      {pages.error && (pages.stale || pages.calls.length === 0) ? (
        <ErrorBox error={pages.error} retry={pages.reload} />
      ) : pages.loading && pages.calls.length === 0 ? (
        <Loading what="calls" />
      ) : pages.calls.length === 0 && !pages.loading ? (
        filtered ? (
          <EmptyState title="No calls match these filters">
            <p>
              Nothing {windowPhrase(url.range)} matches every filter. Widen the time range, or loosen a filter
              — content search matches whole words, and only calls whose content was captured.
            </p>
            <button type="button" onClick={() => url.update(clearFilters(), { push: true })}>
              Clear filters
            </button>
          </EmptyState>
        ) : (
          <NoCallsYet range={url.range} />
        )
      ) : (
        <>
          {pages.error ? <ErrorBox error={pages.error} retry={pages.reload} /> : null}
          <CallsTable
            calls={pages.calls}
            busy={pages.stale}
            hrefOf={(call) => url.linkTo(`/calls/${call.spanId}`, carried)}
          />
          <div className="list-footer">
            {pages.hasMore ? (
              <button type="button" onClick={pages.loadMore} disabled={pages.loadingMore}>
                {pages.loadingMore ? 'Loading…' : 'Load more'}
              </button>
            ) : (
              <span className="muted">
                All {pages.calls.length.toLocaleString('en')} calls of the window shown.
              </span>
            )}
          </div>
        </>
      )}
    </section>
  )
}

/** "in the last 24 h", "between 1/1/2026, 09:00 and 1/2/2026, 09:00". */
function windowPhrase(range: TimeRange): string {
  if (range.kind === 'absolute')
    return `between ${range.from.toLocaleString()} and ${range.to.toLocaleString()}`
  return `in the ${describeRange(range).toLowerCase()}`
}

function rangeKeyOf(range: TimeRange): string {
  return range.kind === 'relative' ? range.range : `${range.from.toISOString()}/${range.to.toISOString()}`
}

/** The use cases and models with calls in the window, busiest first, for the filter choices. */
function useFilterOptions(range: TimeRange, rangeKey: string): CallFilterOptions {
  const { data } = useApi(async () => {
    const window = resolveRange(range)
    const values = (by: Dimension) =>
      // The choices are a convenience: without them the filters still work from the URL.
      loadDimensionValues(by, { window }).catch(() => [])
    const [useCases, models] = await Promise.all([values('useCase'), values('model')])
    return { useCases, models }
  }, [rangeKey])
  return data ?? { useCases: [], models: [] }
}

function NoCallsYet({ range }: { range: TimeRange }) {
  return (
    <EmptyState title={`No calls ${windowPhrase(range)}`}>
      <p>
        Try a longer time range (top right). If this project has never received a call, instrument your app:
        calls appear here seconds after it makes them.
      </p>
      <InstrumentSnippet />
    </EmptyState>
  )
}
