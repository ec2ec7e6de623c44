import { api } from '../../api/api-client.js'
import type { PageProps } from '../../app/routes.js'
import { describeRange, resolveRange, windowQuery } from '../../state/time-range.js'
import { useUrlState } from '../../state/url-state.js'
import { useApi } from '../../state/use-api.js'
import { FilterBar } from '../../ui/FilterBar.js'
import { FilterField } from '../../ui/FilterField.js'
import { EmptyState, ErrorBox, Loading } from '../../ui/feedback.js'
import type { BreakdownAnswer } from '../overview/metric-summary.js'
import { BreakdownTable } from './BreakdownTable.js'
import { breakdownDimensions, dimensionOf, nextSort, sortOf } from './breakdown-columns.js'
import { UnknownPriceModels } from './UnknownPriceModels.js'
import '../overview/overview.css'

/** Rows shown: the top ones by the sort; a longer tail is what the calls explorer is for. */
const LIMIT = 100

/**
 * `/breakdowns`: where cost goes and how quality differs, per model, use
 * case, prompt version, user… (`by`), sorted server-side (`sort`, `order`),
 * for the URL's window and filters; and the models still without a price.
 */
export default function BreakdownsPage(_: PageProps) {
  const url = useUrlState()
  const dimension = dimensionOf(url.param('by'))
  const sort = sortOf(url.param('sort'), url.param('order'))
  const breakdown = useApi(() => {
    return api.get<BreakdownAnswer>('/api/v1/metrics/breakdown', {
      ...url.filters,
      ...windowQuery(resolveRange(url.range)),
      by: dimension.by,
      sort: sort.metric,
      order: sort.order,
      limit: LIMIT,
    })
  }, [JSON.stringify(url.range), JSON.stringify(url.filters), dimension.by, sort.metric, sort.order])

  const rows = breakdown.data?.rows ?? []
  return (
    <section className="breakdowns">
      <div className="page-head">
        <h1>Breakdowns</h1>
        <p className="muted page-subtitle">
          Cost and quality by {dimension.label.toLowerCase()}, {describeRange(url.range).toLowerCase()}
          {breakdown.loading && breakdown.data ? <span className="refreshing"> · refreshing…</span> : null}
        </p>
      </div>
      {/* The storage answers queries in turn: the table first, the filter options and prices after. */}
      <FilterBar deferOptions={breakdown.loading}>
        <BreakdownBySelect
          value={dimension.by}
          onChange={(by) => url.update({ by: by === 'model' ? undefined : by }, { push: true })}
        />
      </FilterBar>
      <div className="card breakdown-card">
        {breakdown.error && !breakdown.data ? (
          <ErrorBox error={breakdown.error} retry={breakdown.reload} />
        ) : !breakdown.data ? (
          <Loading what="the breakdown" />
        ) : rows.length === 0 ? (
          <EmptyState title="No calls in this window">
            <p>
              Nothing to break down for these filters and time range: pick a longer range or clear the
              filters. A project that has not sent calls yet finds the lines to add on the overview.
            </p>
          </EmptyState>
        ) : (
          <>
            {breakdown.error ? <ErrorBox error={breakdown.error} retry={breakdown.reload} /> : null}
            <BreakdownTable
              rows={rows}
              dimension={dimension}
              sort={sort}
              onSort={(metric) => {
                const next = nextSort(sort, metric)
                url.update({ sort: next.metric, order: next.order }, { push: true })
              }}
            />
            <p className="hint table-foot">
              {rows.length === LIMIT ? `The top ${LIMIT} by the sorted column. ` : ''}
              Click a column to sort; click a value to see the overview filtered by it.
            </p>
          </>
        )}
      </div>
      {breakdown.data || breakdown.error ? <UnknownPriceModels onCostsChanged={breakdown.reload} /> : null}
    </section>
  )
}

function BreakdownBySelect(props: { value: string; onChange(value: string): void }) {
  return (
    <FilterField label="Breakdown by">
      {(id) => (
        <select id={id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
          {breakdownDimensions.map((d) => (
            <option key={d.by} value={d.by}>
              {d.label}
            </option>
          ))}
        </select>
      )}
    </FilterField>
  )
}
