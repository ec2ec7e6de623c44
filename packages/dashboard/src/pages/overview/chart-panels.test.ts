import { describe, expect, it } from 'vitest'
import { chartInterval, chartPanels, groupedMetric } from './chart-panels.js'

const HOUR = 3_600_000
const window = (hours: number) => [new Date(0), new Date(hours * HOUR)] as const

describe('chartInterval', () => {
  it('picks the finest bucket that keeps a line at 200 points or fewer', () => {
    expect(chartInterval(...window(1))).toBe('1m')
    expect(chartInterval(...window(24))).toBe('15m')
    expect(chartInterval(...window(24 * 7))).toBe('1h')
    expect(chartInterval(...window(24 * 30))).toBe('6h')
    expect(chartInterval(...window(24 * 365))).toBe('1d')
  })
})

describe('groupedMetric', () => {
  const latency = chartPanels.find((panel) => panel.id === 'latency')
  if (!latency) throw new Error('no latency panel')

  it('draws the metric the URL chooses when it is one of the panel’s, else the panel’s default', () => {
    expect(groupedMetric(latency, 'latencyP99Ms')).toBe('latencyP99Ms')
    expect(groupedMetric(latency, undefined)).toBe('latencyP95Ms')
    expect(groupedMetric(latency, 'errorRate')).toBe('latencyP95Ms')
  })
})
