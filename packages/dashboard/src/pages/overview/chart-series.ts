import type { ChartSeries } from '../../ui/TimeChart.js'
import type { TimeseriesAnswer } from './metric-summary.js'

/**
 * Chart lines from a time-series answer: several metrics of the one
 * ungrouped series, or one metric per group (the top groups, then "other").
 */

export interface ChartData {
  x: number[]
  series: ChartSeries[]
}

export interface MetricLine {
  metric: string
  label: string
  dashed?: boolean
}

/** Grey: "everything else" should not compete with the named groups for attention. */
export const OTHER_COLOR = '#868e96'

function xOf(answer: TimeseriesAnswer): number[] {
  return (answer.series[0]?.points ?? []).map((point) => point.t ?? 0)
}

/** One line per metric of the ungrouped series. */
export function metricLines(answer: TimeseriesAnswer, lines: readonly MetricLine[]): ChartData {
  const points = answer.series[0]?.points ?? []
  return {
    x: xOf(answer),
    series: lines.map((line) => ({
      label: line.label,
      dashed: line.dashed,
      values: points.map((point) => point[line.metric] ?? null),
    })),
  }
}

/** How a group reads in a legend: calls without the dimension set are a group too. */
export function groupLabel(group: string | null, other: boolean): string {
  if (other) return 'Other'
  return group === null || group === '' ? '(not set)' : group
}

/** One line per group for `metric`, in the API's order (most calls first, "other" last). */
export function groupLines(answer: TimeseriesAnswer, metric: string): ChartData {
  const series = [...answer.series].sort((a, b) => Number(a.other) - Number(b.other))
  return {
    x: xOf(answer),
    series: series.map((s) => ({
      label: groupLabel(s.group, s.other),
      color: s.other ? OTHER_COLOR : undefined,
      values: s.points.map((point) => point[metric] ?? null),
    })),
  }
}
