import { useEffect, useRef } from 'react'
import uPlot, { type AlignedData, type Options } from 'uplot'
import 'uplot/dist/uPlot.min.css'

/**
 * A time-series chart (uPlot: canvas, fast with tens of thousands of points,
 * ~50 kB). `x` is epoch milliseconds; each series has one value (or null, a
 * gap) per x. Redraws in place when data changes; resizes with its container.
 */

export interface ChartSeries {
  label: string
  values: (number | null)[]
  /** CSS color; default from the palette by position. */
  color?: string
  /** A dashed line (e.g. a threshold). */
  dashed?: boolean
}

export interface TimeChartProps {
  x: number[]
  series: ChartSeries[]
  /** Formats y values on the axis and in the legend. */
  format?: (value: number | null) => string
  height?: number
  /** Accessible name of the chart (canvas content is not read by screen readers). */
  label: string
}

export const palette = ['#4f7cff', '#f08c00', '#2f9e44', '#e03131', '#9c36b5', '#1098ad', '#868e96']

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return value || fallback
}

export function TimeChart({ x, series, format, height = 220, label }: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const shape = series.map((s) => `${s.label}|${s.color ?? ''}|${s.dashed ? 1 : 0}`).join(',')

  // Rebuild when the set of series changes; otherwise setData below updates in place.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shape` stands for the series' identity
  useEffect(() => {
    const element = container.current
    if (!element) return
    const axisColor = cssVar('--text-muted', '#777')
    const gridColor = cssVar('--border', '#e5e5e5')
    const show = (value: number | null) => (format ? format(value) : value === null ? '–' : String(value))
    const options: Options = {
      width: element.clientWidth || 600,
      height,
      ms: 1,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } },
        {
          stroke: axisColor,
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor },
          size: 70,
          values: (_, ticks) => ticks.map((tick) => show(tick)),
        },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.color ?? palette[i % palette.length],
          width: 1.5,
          dash: s.dashed ? [6, 4] : undefined,
          spanGaps: false,
          value: (_: uPlot, value: number | null) => show(value),
        })),
      ],
    }
    plot.current = new uPlot(options, [x, ...series.map((s) => s.values)] as AlignedData, element)
    const observer = new ResizeObserver(() => {
      plot.current?.setSize({ width: element.clientWidth, height })
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      plot.current?.destroy()
      plot.current = null
    }
  }, [shape, height])

  useEffect(() => {
    plot.current?.setData([x, ...series.map((s) => s.values)] as AlignedData)
  }, [x, series])

  return <div className="chart" ref={container} role="img" aria-label={label} />
}
