import { useEffect, useMemo, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useApi } from '../../state/use-api.js'
import { ErrorBox, Loading } from '../../ui/feedback.js'
import { formatByUnit } from '../../ui/format.js'
import { type ChartSeries, TimeChart } from '../../ui/TimeChart.js'
import { shortTime, shortTimeAfter } from '../../ui/time-ago.js'
import type { RuleFilters } from './alert-types.js'
import { parseDuration } from './duration.js'
import { metricLabel, metricUnit } from './metric-options.js'
import {
  type BudgetPeriod,
  type Comparison,
  describePreview,
  findEpisodes,
  type NoDataBehaviour,
  type PointJudgement,
  previewPlan,
  seriesStats,
  type WindowedPoint,
  windowedSeries,
} from './threshold-preview.js'

/**
 * The metric over the last days as a rule measures it (its window, its
 * filters), the threshold and warning level as dashed lines, the stretches
 * where it would have fired drawn over the line in red, and a count of them.
 * The form shows it as a preview; the rule's page shows it as context.
 */

export interface PreviewInput {
  metric: string
  filters: RuleFilters
  window: string
  budget?: { period: BudgetPeriod } | undefined
  comparison: Comparison
  threshold: number | undefined
  warningThreshold?: number | undefined
  for: string
  minCalls: number
  noData: NoDataBehaviour
}

type Measured = Pick<PreviewInput, 'metric' | 'filters' | 'window' | 'budget'>

interface SeriesAnswer {
  series: { points: Record<string, number | null>[] }[]
}

const DAYS = 7
const MAX_LISTED = 6

export function ThresholdPreview({ rule, title }: { rule: PreviewInput; title?: string }) {
  // The data depends on what is measured, not on the thresholds: typing a threshold only recomputes.
  const measuredKey = useDebounced(
    JSON.stringify({ metric: rule.metric, filters: rule.filters, window: rule.window, budget: rule.budget }),
    400,
  )
  const measured = useMemo(() => JSON.parse(measuredKey) as Measured, [measuredKey])
  const plan = useMemo(() => previewPlan(measured, Date.now(), DAYS), [measured])
  const ready =
    (measured.budget !== undefined || parseDuration(measured.window) !== undefined) &&
    !measured.metric.endsWith(':')
  const { data, error, loading, reload } = useApi(async () => {
    if (!ready) return undefined
    const answer = await api.get<SeriesAnswer>('/api/v1/metrics/timeseries', {
      ...measured.filters,
      metric: plan.metrics,
      interval: plan.interval,
      from: plan.from.toISOString(),
      to: plan.to.toISOString(),
    })
    return windowedSeries(answer.series[0]?.points ?? [], plan, measured)
  }, [plan, measured, ready])

  const unit = metricUnit(rule.metric)
  const format = (value: number | null) => formatByUnit(unit, value)
  const forMs = parseDuration(rule.for) ?? 0
  const result = useMemo(() => {
    if (!data || rule.threshold === undefined) return undefined
    return findEpisodes(data, {
      comparison: rule.comparison,
      threshold: rule.threshold,
      warningThreshold: rule.warningThreshold,
      forMs,
      bucketMs: plan.bucketMs,
      minCalls: rule.minCalls,
      noData: rule.noData,
    })
  }, [
    data,
    rule.comparison,
    rule.threshold,
    rule.warningThreshold,
    forMs,
    plan.bucketMs,
    rule.minCalls,
    rule.noData,
  ])

  const stats = useMemo(() => (data ? seriesStats(data) : undefined), [data])
  const chart = useMemo(() => {
    if (!data) return undefined
    const x = data.map((point) => point.t)
    const series: ChartSeries[] = [
      { label: metricLabel(rule.metric), values: data.map((point) => point.value) },
    ]
    if (result) {
      series.push({ label: 'Breach', values: overlay(data, result.judgements, 'critical'), color: '#e03131' })
      if (rule.warningThreshold !== undefined)
        series.push({
          label: 'Warning breach',
          values: overlay(data, result.judgements, 'warning'),
          color: '#f08c00',
        })
    }
    if (rule.threshold !== undefined)
      series.push({
        label: 'Threshold',
        values: x.map(() => rule.threshold ?? null),
        color: '#c92a2a',
        dashed: true,
      })
    if (rule.warningThreshold !== undefined)
      series.push({
        label: 'Warning level',
        values: x.map(() => rule.warningThreshold ?? null),
        color: '#e8590c',
        dashed: true,
      })
    return { x, series }
  }, [data, result, rule.metric, rule.threshold, rule.warningThreshold])

  const heading = title ?? `Preview: the last ${DAYS} days`
  return (
    <section className="card threshold-preview" aria-labelledby="threshold-preview-title">
      <h2 id="threshold-preview-title">{heading}</h2>
      <p className="hint">
        {metricLabel(rule.metric)}
        {rule.budget
          ? ` spent since the start of each ${rule.budget.period} (UTC)`
          : ` over a sliding ${rule.window} window`}
        , read in {plan.interval} steps.
      </p>
      {!ready ? (
        <p className="hint">Give a valid window (and the score’s or outcome’s name) to see the preview.</p>
      ) : error ? (
        <ErrorBox error={error} retry={reload} />
      ) : !chart ? (
        <Loading what="the preview" />
      ) : (
        <>
          <TimeChart
            x={chart.x}
            series={chart.series}
            format={format}
            height={200}
            label={`${metricLabel(rule.metric)}, last ${DAYS} days, with the rule's levels`}
          />
          {loading ? <span className="visually-hidden">Updating…</span> : null}
          {stats ? (
            <p className="hint">
              Last {DAYS} days: median {format(stats.median)}, 95th percentile {format(stats.p95)}, highest{' '}
              {format(stats.max)}.
            </p>
          ) : null}
          {data?.every((point) => point.calls === 0) ? (
            <p className="hint">
              No calls match these filters in the last {DAYS} days: the rule would be in “no data”.
            </p>
          ) : null}
          {result ? (
            <div className="preview-result" role="status" aria-live="polite">
              <p className={result.episodes.length > 0 ? 'preview-fired' : 'preview-quiet'}>
                <strong>{describePreview(result, DAYS)}</strong>
              </p>
              {result.episodes.length > 0 ? (
                <ul className="episode-list">
                  {result.episodes
                    .slice(-MAX_LISTED)
                    .reverse()
                    .map((episode) => (
                      <li key={episode.start}>
                        <span className={`badge ${episode.severity === 'critical' ? 'firing' : 'warning'}`}>
                          {episode.severity}
                        </span>{' '}
                        {shortTime(episode.start)} –{' '}
                        {episode.end === null ? 'still firing' : shortTimeAfter(episode.end, episode.start)}
                        <span className="muted"> · peak {format(episode.peak)}</span>
                      </li>
                    ))}
                  {result.episodes.length > MAX_LISTED ? (
                    <li className="muted">and {result.episodes.length - MAX_LISTED} earlier</li>
                  ) : null}
                </ul>
              ) : null}
            </div>
          ) : (
            <p className="hint">Give a threshold to see where it would have fired.</p>
          )}
          {plan.caveat ? <p className="hint">{plan.caveat}</p> : null}
        </>
      )}
    </section>
  )
}

/**
 * The values at the points judged `level`, and at their neighbours: a line
 * needs two points, so a single breached bucket still shows as a red peak.
 */
function overlay(
  points: readonly WindowedPoint[],
  judgements: readonly PointJudgement[],
  level: PointJudgement,
) {
  return points.map((point, i) =>
    judgements[i] === level || judgements[i - 1] === level || judgements[i + 1] === level
      ? point.value
      : null,
  )
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}
