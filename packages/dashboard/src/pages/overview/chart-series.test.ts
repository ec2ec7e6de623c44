import { describe, expect, it } from 'vitest'
import { groupLabel, groupLines, metricLines, OTHER_COLOR } from './chart-series.js'
import type { TimeseriesAnswer } from './metric-summary.js'

function answer(series: TimeseriesAnswer['series'], groupBy: string | null = null): TimeseriesAnswer {
  return { from: '', to: '', interval: '1h', metrics: [], groupBy, series }
}

describe('metricLines', () => {
  it('draws one line per metric over the buckets, keeping gaps as null', () => {
    const data = metricLines(
      answer([
        {
          group: null,
          other: false,
          points: [
            { t: 1000, calls: 3, errorRate: 0.5 },
            { t: 2000, calls: 0, errorRate: null },
          ],
        },
      ]),
      [
        { metric: 'calls', label: 'Calls' },
        { metric: 'errorRate', label: 'Errors', dashed: true },
      ],
    )
    expect(data.x).toEqual([1000, 2000])
    expect(data.series).toEqual([
      { label: 'Calls', dashed: undefined, values: [3, 0] },
      { label: 'Errors', dashed: true, values: [0.5, null] },
    ])
  })

  it('is empty, not broken, for an answer without series', () => {
    expect(metricLines(answer([]), [{ metric: 'calls', label: 'Calls' }])).toEqual({
      x: [],
      series: [{ label: 'Calls', dashed: undefined, values: [] }],
    })
  })
})

describe('groupLines', () => {
  it('draws one line per group for the chosen metric, "other" last and grey', () => {
    const data = groupLines(
      answer(
        [
          { group: null, other: true, points: [{ t: 1, costUsd: 0.1 }] },
          { group: 'gpt-4o', other: false, points: [{ t: 1, costUsd: 2 }] },
          { group: '', other: false, points: [{ t: 1, costUsd: null }] },
        ],
        'model',
      ),
      'costUsd',
    )
    expect(data.x).toEqual([1])
    expect(data.series).toEqual([
      { label: 'gpt-4o', color: undefined, values: [2] },
      { label: '(not set)', color: undefined, values: [null] },
      { label: 'Other', color: OTHER_COLOR, values: [0.1] },
    ])
  })

  it('names calls without the dimension and the folded rest', () => {
    expect(groupLabel('', false)).toBe('(not set)')
    expect(groupLabel(null, true)).toBe('Other')
    expect(groupLabel('v4', false)).toBe('v4')
  })
})
