import { useMemo } from 'react'
import { api } from '../../api/api-client.js'
import { resolveRange, windowQuery } from '../../state/time-range.js'
import { useUrlState } from '../../state/url-state.js'
import { useApi } from '../../state/use-api.js'
import { ErrorBox } from '../../ui/feedback.js'
import { TimeChart } from '../../ui/TimeChart.js'
import {
  type ChartPanel,
  chartInterval,
  chartPanels,
  groupByChoices,
  groupedMetric,
  isGroupBy,
} from './chart-panels.js'
import { type ChartData, groupLines, metricLines } from './chart-series.js'
import type { TimeseriesAnswer } from './metric-summary.js'

const CHART_HEIGHT = 190
/** Groups drawn as lines of their own; the rest is one "Other" line. */
const GROUP_LIMIT = 5

const intervalNames: Record<string, string> = {
  '1m': 'minute',
  '5m': '5 min',
  '15m': '15 min',
  '1h': 'hour',
  '6h': '6 hours',
  '1d': 'day',
}

/**
 * The time-series charts of the overview, for the URL's window and filters:
 * one request feeds every panel, grouped (`groupBy`) or not.
 */
export function OverviewCharts() {
  const url = useUrlState()
  const groupParam = url.param('groupBy')
  const groupBy = isGroupBy(groupParam) ? groupParam : undefined
  const chosen = Object.fromEntries(
    chartPanels.map((panel) => [panel.id, groupedMetric(panel, panel.param && url.param(panel.param))]),
  )
  const metrics = groupBy
    ? chartPanels.map((panel) => chosen[panel.id] ?? panel.groupedDefault)
    : chartPanels.flatMap((panel) => panel.lines.map((line) => line.metric))

  const series = useApi(() => {
    const window = resolveRange(url.range)
    return api.get<TimeseriesAnswer>('/api/v1/metrics/timeseries', {
      ...url.filters,
      ...windowQuery(window),
      metric: metrics,
      interval: chartInterval(window.from, window.to),
      groupBy,
      limit: groupBy ? GROUP_LIMIT : undefined,
    })
  }, [JSON.stringify(url.range), JSON.stringify(url.filters), metrics.join(), groupBy])

  const answer = series.data
  // biome-ignore lint/correctness/useExhaustiveDependencies: `chosen` is rebuilt each render; its JSON is stable
  const charts = useMemo(
    () =>
      answer
        ? chartPanels.map((panel): ChartData => {
            const metric = chosen[panel.id] ?? panel.groupedDefault
            // An answer still for the previous grouping (while the new one loads) draws nothing wrong.
            if (answer.groupBy) return answer.metrics.includes(metric) ? groupLines(answer, metric) : empty
            return metricLines(answer, panel.lines)
          })
        : undefined,
    [answer, JSON.stringify(chosen)],
  )

  if (series.error && !answer) return <ErrorBox error={series.error} retry={series.reload} />
  const groupName = groupByChoices.find((choice) => choice.value === groupBy)?.label.toLowerCase()
  const every = answer ? (intervalNames[answer.interval] ?? answer.interval) : undefined

  return (
    <div className="grid charts overview-charts" aria-busy={series.loading}>
      {chartPanels.map((panel, i) => (
        <section className="card chart-card" key={panel.id} aria-labelledby={`chart-${panel.id}`}>
          <div className="chart-card-head">
            <h2 id={`chart-${panel.id}`}>
              {panel.title}
              {groupBy && panel.lines.length > 1 ? ` ${lineLabel(panel, chosen[panel.id])}` : ''}
              {panel.perBucket && every ? <span className="muted"> per {every}</span> : null}
              {groupName ? <span className="muted"> by {groupName}</span> : null}
            </h2>
            {groupBy && panel.param ? (
              <PanelMetricSelect panel={panel} value={chosen[panel.id]} onChange={url.update} />
            ) : null}
          </div>
          {charts?.[i] ? (
            <TimeChart
              x={charts[i].x}
              series={charts[i].series}
              format={panel.format}
              height={CHART_HEIGHT}
              label={`${panel.title}${groupName ? ` by ${groupName}` : ''} over the selected window`}
            />
          ) : (
            <div className="chart-placeholder" style={{ height: CHART_HEIGHT }}>
              {series.error ? 'Could not load this chart.' : 'Loading…'}
            </div>
          )}
        </section>
      ))}
      {series.error && answer ? (
        <div className="charts-stale">
          <ErrorBox error={series.error} retry={series.reload} />
        </div>
      ) : null}
    </div>
  )
}

const empty: ChartData = { x: [], series: [] }

function lineLabel(panel: ChartPanel, metric: string | undefined): string {
  const label = panel.lines.find((line) => line.metric === metric)?.label ?? ''
  return panel.id === 'rates' ? `· ${label.toLowerCase()}` : label
}

function PanelMetricSelect(props: {
  panel: ChartPanel
  value: string | undefined
  onChange(changes: Record<string, string | undefined>): void
}) {
  const { panel } = props
  const param = panel.param ?? ''
  return (
    <select
      aria-label={`${panel.title} metric`}
      value={props.value}
      onChange={(event) =>
        props.onChange({
          [param]: event.target.value === panel.groupedDefault ? undefined : event.target.value,
        })
      }
    >
      {panel.lines.map((line) => (
        <option key={line.metric} value={line.metric}>
          {line.label}
        </option>
      ))}
    </select>
  )
}
