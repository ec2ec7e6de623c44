import { describe, expect, it } from 'vitest'
import {
  describePreview,
  findEpisodes,
  type PreviewRule,
  periodStart,
  previewPlan,
  seriesStats,
  type WindowedPoint,
  windowedSeries,
} from './threshold-preview.js'

const HOUR = 3_600_000
const NOW = Date.UTC(2026, 10, 26, 12, 0)

/** Points an hour apart with these values (null: no value), 100 calls each unless `calls` says otherwise. */
function series(values: (number | null)[], calls: number[] = []): WindowedPoint[] {
  return values.map((value, i) => ({ t: i * HOUR, value, calls: calls[i] ?? 100 }))
}

const above: PreviewRule = {
  comparison: '>',
  threshold: 0.05,
  forMs: 0,
  bucketMs: HOUR,
  minCalls: 1,
  noData: 'no_data',
}

describe('previewPlan', () => {
  it('reads hourly buckets for windows of an hour or more, and rolls them into the window', () => {
    const plan = previewPlan({ metric: 'errorRate', window: '6h' }, NOW)
    expect(plan.interval).toBe('1h')
    expect(plan.bucketsPerWindow).toBe(6)
    // One window before the shown range, so the first point shown is a full window.
    expect(plan.from.getTime()).toBe(NOW - 7 * 24 * HOUR - 5 * HOUR)
    expect(plan.metrics).toEqual(['errorRate', 'calls'])
    expect(plan.caveat).toBeUndefined()
  })

  it('reads 15-minute buckets under an hour and says when the window is shorter than a bucket', () => {
    expect(previewPlan({ metric: 'calls', window: '30m' }, NOW)).toMatchObject({
      interval: '15m',
      bucketsPerWindow: 2,
      caveat: undefined,
    })
    expect(previewPlan({ metric: 'calls', window: '5m' }, NOW).caveat).toMatch(/15m buckets/)
  })

  it('asks for the denominator of a rate that is not per call, and flags percentiles as approximate', () => {
    expect(previewPlan({ metric: 'score:accuracy', window: '1h' }, NOW).metrics).toEqual([
      'score:accuracy',
      'calls',
      'scoreCount:accuracy',
    ])
    expect(previewPlan({ metric: 'latencyP95Ms', window: '2h' }, NOW).caveat).toMatch(/approximated/)
    expect(previewPlan({ metric: 'latencyP95Ms', window: '1h' }, NOW).caveat).toBeUndefined()
  })

  it('fetches a budget from the start of its first period', () => {
    const plan = previewPlan({ metric: 'costUsd', window: '15m', budget: { period: 'month' } }, NOW)
    expect(plan.from.getTime()).toBe(Date.UTC(2026, 10, 1))
    expect(plan.interval).toBe('6h')
  })
})

describe('windowedSeries', () => {
  it('sums counts and weighs rates by their calls over the sliding window', () => {
    const plan = { ...previewPlan({ metric: 'errorRate', window: '2h' }, NOW), shownFrom: 0 }
    const points = [
      { t: 0, errorRate: 0.1, calls: 10 },
      { t: HOUR, errorRate: 0, calls: 90 },
      { t: 2 * HOUR, errorRate: null, calls: 0 },
    ]
    const out = windowedSeries(points, plan, { metric: 'errorRate', window: '2h' })
    // The first bucket alone is not a full window and is left out.
    expect(out.map((p) => p.t)).toEqual([HOUR, 2 * HOUR])
    expect(out[0]?.value).toBeCloseTo(0.01)
    expect(out[0]?.calls).toBe(100)
    expect(out[1]?.value).toBe(0)
    expect(out[1]?.calls).toBe(90)
  })

  it('accumulates a budget’s spend from the start of each period', () => {
    const day = Date.UTC(2026, 10, 20)
    const plan = {
      ...previewPlan({ metric: 'costUsd', window: '15m', budget: { period: 'day' } }, NOW),
      shownFrom: 0,
    }
    const points = [
      { t: day + 22 * HOUR, costUsd: 1, calls: 1 },
      { t: day + 23 * HOUR, costUsd: 2, calls: 1 },
      { t: day + 24 * HOUR, costUsd: 4, calls: 1 },
    ]
    const out = windowedSeries(points, plan, { metric: 'costUsd', window: '15m', budget: { period: 'day' } })
    expect(out.map((p) => p.value)).toEqual([1, 3, 4])
    expect(periodStart('day', day + 24 * HOUR)).toBe(day + 24 * HOUR)
  })
})

describe('findEpisodes', () => {
  it('counts each breach once, from when it starts until a point is back under the threshold', () => {
    const result = findEpisodes(series([0.01, 0.1, 0.2, 0.01, 0.06, 0.01]), above)
    expect(result.episodes).toHaveLength(2)
    expect(result.episodes[0]).toMatchObject({ start: HOUR, end: 3 * HOUR, severity: 'critical', peak: 0.2 })
    expect(result.episodes[1]).toMatchObject({ start: 4 * HOUR, end: 5 * HOUR })
    expect(describePreview(result, 7)).toBe('Would have fired twice in the last 7 days.')
  })

  it('fires only once a breach has lasted “for”, and counts shorter ones apart', () => {
    const rule = { ...above, forMs: 2 * HOUR }
    const result = findEpisodes(series([0.1, 0.1, 0.01, 0.1, 0.1, 0.1, 0.1]), rule)
    expect(result.episodes).toHaveLength(1)
    expect(result.episodes[0]).toMatchObject({ breachStart: 3 * HOUR, start: 5 * HOUR, end: null })
    expect(result.shortBreaches).toBe(1)
    expect(describePreview(result, 7)).toBe(
      'Would have fired once in the last 7 days (and breached once more briefly than “For”).',
    )
  })

  it('counts a breached point as a bucket of breach: one hourly point outlasts a 15-minute “for”', () => {
    const result = findEpisodes(series([0.01, 0.1, 0.01]), { ...above, forMs: 15 * 60_000 })
    expect(result.episodes).toHaveLength(1)
  })

  it('fires at the warning level when only the warning threshold is breached, and escalates', () => {
    const rule = { ...above, threshold: 0.1, warningThreshold: 0.05 }
    const result = findEpisodes(series([0.06, 0.07, 0.01, 0.06, 0.2, 0.01]), rule)
    expect(result.episodes.map((e) => e.severity)).toEqual(['warning', 'critical'])
    expect(describePreview(result, 7)).toMatch(/twice.*1 only at the warning level/)
  })

  it('treats too few calls as missing data: a firing episode survives it, a pending breach starts over', () => {
    const firing = findEpisodes(series([0.1, 0.1, 0.1], [100, 0, 100]), above)
    expect(firing.judgements).toEqual(['critical', 'no_data', 'critical'])
    expect(firing.episodes).toHaveLength(1)

    const pending = findEpisodes(series([0.1, 0.1, 0.1], [100, 0, 100]), { ...above, forMs: HOUR })
    expect(pending.episodes).toHaveLength(0)
    expect(pending.shortBreaches).toBe(2)
  })

  it('follows the rule’s no-data behaviour', () => {
    const quiet = series([null, null, 0.01], [0, 0, 100])
    expect(findEpisodes(quiet, { ...above, noData: 'firing' }).episodes).toHaveLength(1)
    expect(findEpisodes(quiet, { ...above, noData: 'ok' }).episodes).toHaveLength(0)
  })

  it('says so when nothing would have fired', () => {
    expect(describePreview(findEpisodes(series([0.01, 0.02]), above), 7)).toBe(
      'Would not have fired in the last 7 days.',
    )
  })
})

describe('seriesStats', () => {
  it('describes the values a threshold is chosen among, ignoring gaps', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(seriesStats(series([...values, null]))).toEqual({ min: 1, median: 51, p95: 96, max: 100 })
    expect(seriesStats(series([null]))).toBeUndefined()
  })
})
