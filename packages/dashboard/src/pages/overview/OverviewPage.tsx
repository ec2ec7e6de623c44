import type { PageProps } from '../../app/routes.js'
import { describeRange } from '../../state/time-range.js'
import { useUrlState } from '../../state/url-state.js'
import { FilterBar } from '../../ui/FilterBar.js'
import { FilterField } from '../../ui/FilterField.js'
import { EmptyState, ErrorBox, Loading } from '../../ui/feedback.js'
import { InstrumentSnippet } from '../../ui/InstrumentSnippet.js'
import { groupByChoices, isGroupBy } from './chart-panels.js'
import { FiringAlerts } from './FiringAlerts.js'
import { HeadlineStats } from './HeadlineStats.js'
import { OverviewCharts } from './OverviewCharts.js'
import { useSummaries } from './use-summaries.js'
import './overview.css'

/**
 * `/`: how the LLM features are doing in the window — headline numbers
 * against the previous period, charts over time, firing alerts — for the
 * filters in the URL. A project without calls gets the lines to send some.
 */
export default function OverviewPage(_: PageProps) {
  const url = useUrlState()
  const summaries = useSummaries(url.range, url.filters)

  const filtered = Object.keys(url.filters).length > 0

  return (
    <section className="overview">
      <div className="page-head">
        <h1>Overview</h1>
        <p className="muted page-subtitle">
          {describeRange(url.range)}, compared with the period just before
          {summaries.loading && summaries.current ? <span className="refreshing"> · refreshing…</span> : null}
        </p>
      </div>
      <FiringAlerts />
      {summaries.current?.calls === 0 && !filtered ? null : (
        // Nothing to filter yet in an empty project: the way to send calls comes first.
        // The options wait for the numbers: the storage answers one query at a time.
        <FilterBar deferOptions={summaries.loading}>
          <GroupBySelect
            value={url.param('groupBy')}
            onChange={(groupBy) => url.update({ groupBy }, { push: true })}
          />
        </FilterBar>
      )}
      {summaries.error && !summaries.current ? (
        <ErrorBox error={summaries.error} retry={summaries.reload} />
      ) : !summaries.current ? (
        <Loading what="the overview" />
      ) : summaries.current.calls === 0 ? (
        <NoCalls filtered={filtered} hadCallsBefore={(summaries.previous?.calls ?? 0) > 0} />
      ) : (
        <>
          {summaries.error ? <ErrorBox error={summaries.error} retry={summaries.reload} /> : null}
          <HeadlineStats current={summaries.current} previous={summaries.previous} />
          <OverviewCharts />
        </>
      )}
    </section>
  )
}

function GroupBySelect(props: { value: string | undefined; onChange(value: string | undefined): void }) {
  return (
    <FilterField label="Group by">
      {(id) => (
        <select
          id={id}
          value={isGroupBy(props.value) ? props.value : ''}
          className={isGroupBy(props.value) ? 'active' : undefined}
          onChange={(event) => props.onChange(event.target.value || undefined)}
        >
          <option value="">Nothing</option>
          {groupByChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </FilterField>
  )
}

/** No calls: with filters, a way out of them; without, how to send the first ones. */
function NoCalls({ filtered, hadCallsBefore }: { filtered: boolean; hadCallsBefore: boolean }) {
  const url = useUrlState()
  const longest = url.range.kind === 'relative' && url.range.range === '30d'
  if (filtered)
    return (
      <EmptyState title="No calls match these filters in this window">
        <p>Try another value, a longer time range, or clear the filters to see every call of the project.</p>
        <button
          type="button"
          onClick={() =>
            url.update(Object.fromEntries(Object.keys(url.filters).map((name) => [name, undefined])), {
              push: true,
            })
          }
        >
          Clear filters
        </button>
      </EmptyState>
    )
  return (
    <EmptyState title={`No calls in this window (${describeRange(url.range).toLowerCase()})`}>
      <p>
        {hadCallsBefore
          ? 'Your project had calls in the period before this one: the app may have stopped sending them.'
          : 'Vigil shows your LLM calls as soon as an app sends them. Add these lines where your app creates its model client:'}
      </p>
      <InstrumentSnippet />
      {longest ? null : (
        <p className="row">
          <span className="muted">Sent calls before? They may be older than this window.</span>
          <button type="button" onClick={() => url.setRange({ kind: 'relative', range: '30d' })}>
            Show the last 30 days
          </button>
        </p>
      )}
    </EmptyState>
  )
}
