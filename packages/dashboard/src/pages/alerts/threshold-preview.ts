import { formatDuration, parseDuration } from './duration.js'
import { splitNamedMetric } from './metric-options.js'

/**
 * "Where would this rule have fired?" from the metric's time series: the
 * series is read in buckets, rolled up into the rule's sliding window, judged
 * against the thresholds point by point, and walked through the same
 * `ok → pending → firing → resolved` steps as the evaluator
 * (collector alerts/alert-state-machine.ts), so the preview counts what the
 * rule would have notified, not just the points above the line.
 *
 * It is a preview: the evaluator measures every 30 s over an exact window;
 * this samples once per bucket, and a percentile over several buckets is
 * approximated (see `combineOf`).
 */

export type Comparison = '>' | '>=' | '<' | '<='
export type NoDataBehaviour = 'no_data' | 'ok' | 'firing' | 'keep'
export type BudgetPeriod = 'day' | 'month'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export function breaches(comparison: Comparison, value: number, threshold: number): boolean {
  switch (comparison) {
    case '>':
      return value > threshold
    case '>=':
      return value >= threshold
    case '<':
      return value < threshold
    case '<=':
      return value <= threshold
  }
}

/**
 * How a metric's buckets add up to a longer window: counts and sums add;
 * a rate is the mean of the buckets weighted by its denominator (exact, given
 * the denominator per bucket); a percentile has no exact combination, so the
 * call-weighted mean of the buckets' percentiles stands in for it.
 */
export type Combine = { kind: 'sum' } | { kind: 'weighted'; weight: string; exact: boolean }

const weightedByCalls = new Set([
  'errorRate',
  'timeoutRate',
  'costCoverage',
  'fallbackRate',
  'cacheHitRate',
  'correctionRate',
  'feedbackCoverage',
  'escalationRate',
  'scoreCoverage',
  // Its denominator is the priced calls: exact when every call has a price.
  'costPerCallUsd',
])

export function combineOf(metric: string): Combine {
  if (weightedByCalls.has(metric)) return { kind: 'weighted', weight: 'calls', exact: true }
  if (/^(latency|ttft)P\d+Ms$/.test(metric)) return { kind: 'weighted', weight: 'calls', exact: false }
  if (metric === 'positiveRate') return { kind: 'weighted', weight: 'feedback', exact: true }
  // Ratings are a subset of feedback (thumbs are not ratings): close, not exact.
  if (metric === 'meanRating') return { kind: 'weighted', weight: 'feedback', exact: false }
  if (metric === 'meanCorrectionSize') return { kind: 'weighted', weight: 'corrections', exact: true }
  const named = splitNamedMetric(metric)
  if (named?.family === 'score') return { kind: 'weighted', weight: `scoreCount:${named.key}`, exact: true }
  return { kind: 'sum' }
}

export interface PreviewRuleShape {
  metric: string
  window: string
  budget?: { period: BudgetPeriod } | undefined
}

/** What to ask the time series API for, and how to read its answer. */
export interface PreviewPlan {
  interval: '15m' | '1h' | '6h'
  bucketMs: number
  /** Buckets per rule window (1 when the window is one bucket or shorter). */
  bucketsPerWindow: number
  /** Fetch from here: the shown range, plus one window before it so the first point is a full window. */
  from: Date
  to: Date
  /** Show from here. */
  shownFrom: number
  /** The metrics to request: the rule's, `calls` (for minCalls), and the combination's weight. */
  metrics: string[]
  combine: Combine
  /** Why the preview differs from what the evaluator measures, if it does. */
  caveat: string | undefined
}

const bucketChoices = [
  { interval: '15m', ms: 15 * MINUTE },
  { interval: '1h', ms: HOUR },
] as const

/**
 * Buckets of at most an hour (so a 24 h window still gives a point per hour)
 * and at least 15 minutes (so 7 days plus a long window stay under the API's
 * 1500 buckets); the widest such bucket that fits in the window.
 */
export function previewPlan(rule: PreviewRuleShape, now: number, days = 7): PreviewPlan {
  const shownFrom = now - days * DAY
  const metrics = uniq([rule.metric, 'calls'])
  if (rule.budget) {
    // A budget measures the spend since the start of its period: fetch from the start of the first period shown.
    const start = periodStart(rule.budget.period, shownFrom)
    const month = rule.budget.period === 'month'
    return {
      interval: month ? '6h' : '1h',
      bucketMs: month ? 6 * HOUR : HOUR,
      bucketsPerWindow: 1,
      from: new Date(start),
      to: new Date(now),
      shownFrom,
      metrics,
      combine: { kind: 'sum' },
      caveat: 'The budget’s forecast warning (end-of-period spend) is not part of the preview.',
    }
  }
  const windowMs = parseDuration(rule.window) ?? 15 * MINUTE
  const choice = [...bucketChoices].reverse().find((entry) => entry.ms <= windowMs) ?? bucketChoices[0]
  const bucketsPerWindow = Math.max(1, Math.round(windowMs / choice.ms))
  const combine = combineOf(rule.metric)
  if (combine.kind === 'weighted' && !metrics.includes(combine.weight)) metrics.push(combine.weight)
  let caveat: string | undefined
  if (windowMs < choice.ms)
    caveat = `The preview reads ${choice.interval} buckets: a ${rule.window} window is smoother here than the evaluator sees it.`
  else if (windowMs % choice.ms !== 0)
    caveat = `The ${rule.window} window is rounded to ${formatDuration(bucketsPerWindow * choice.ms)} in the preview.`
  else if (combine.kind === 'weighted' && !combine.exact && bucketsPerWindow > 1)
    caveat = `Over ${bucketsPerWindow} buckets, this metric is approximated by the call-weighted mean of each ${choice.interval} bucket.`
  const fetchFrom = floorTo(shownFrom - (bucketsPerWindow - 1) * choice.ms, choice.ms)
  return {
    interval: choice.interval,
    bucketMs: choice.ms,
    bucketsPerWindow,
    from: new Date(fetchFrom),
    to: new Date(now),
    shownFrom,
    metrics,
    combine,
    caveat,
  }
}

/** One point of the rule's view of the metric: the value over the window ending with this bucket. */
export interface WindowedPoint {
  t: number
  value: number | null
  calls: number
}

type ApiPoint = Record<string, number | null>

/** The series as the rule sees it: each bucket's value over the window (or budget period) ending with it. */
export function windowedSeries(points: readonly ApiPoint[], plan: PreviewPlan, rule: PreviewRuleShape) {
  const out: WindowedPoint[] = []
  const k = plan.bucketsPerWindow
  let periodKey = ''
  let spend = 0
  let periodCalls = 0
  points.forEach((point, i) => {
    const t = point.t ?? 0
    let value: number | null
    let calls: number
    if (rule.budget) {
      const key = String(periodStart(rule.budget.period, t))
      if (key !== periodKey) {
        periodKey = key
        spend = 0
        periodCalls = 0
      }
      spend += point[rule.metric] ?? 0
      periodCalls += point.calls ?? 0
      value = spend
      calls = periodCalls
    } else {
      const slice = points.slice(Math.max(0, i - k + 1), i + 1)
      calls = sum(slice.map((p) => p.calls ?? 0))
      value = combine(slice, rule.metric, plan.combine)
    }
    if (t >= plan.shownFrom - plan.bucketMs && i >= k - 1) out.push({ t, value, calls })
  })
  return out
}

function combine(slice: readonly ApiPoint[], metric: string, how: Combine): number | null {
  if (how.kind === 'sum') {
    const values = slice.map((p) => p[metric]).filter((v): v is number => v !== null && v !== undefined)
    return values.length === 0 ? null : sum(values)
  }
  let weighted = 0
  let weights = 0
  for (const point of slice) {
    const value = point[metric]
    const weight = point[how.weight] ?? 0
    if (value === null || value === undefined || weight <= 0) continue
    weighted += value * weight
    weights += weight
  }
  return weights === 0 ? null : weighted / weights
}

export interface PreviewRule {
  comparison: Comparison
  threshold: number
  warningThreshold?: number | undefined
  /** `for` in ms: how long a breach must last before the rule fires. */
  forMs: number
  /** What one point stands for (the series' step): a breached point counts as a breach this long. */
  bucketMs: number
  minCalls: number
  noData: NoDataBehaviour
}

export type PointJudgement = 'critical' | 'warning' | 'ok' | 'no_data'

/** A time the rule would have fired, until it would have resolved (`end` null: still firing). */
export interface Episode {
  /** When the breach began (the rule was pending from here). */
  breachStart: number
  /** When the rule would have fired (after `for`). */
  start: number
  end: number | null
  severity: 'critical' | 'warning'
  /** The most extreme value of the episode, in the threshold's direction. */
  peak: number | null
}

export interface PreviewResult {
  judgements: PointJudgement[]
  episodes: Episode[]
  /** Breaches that ended before lasting `for`: the rule would have been pending, not fired. */
  shortBreaches: number
}

export function judgePoint(point: WindowedPoint, rule: PreviewRule): PointJudgement {
  if (point.calls < rule.minCalls || point.value === null) {
    if (rule.noData === 'ok') return 'ok'
    if (rule.noData === 'firing') return 'critical'
    return 'no_data'
  }
  if (breaches(rule.comparison, point.value, rule.threshold)) return 'critical'
  if (rule.warningThreshold !== undefined && breaches(rule.comparison, point.value, rule.warningThreshold))
    return 'warning'
  return 'ok'
}

/**
 * Walks the points as the evaluator would: a breach is pending until it has
 * lasted `forMs`, then fires; a firing episode survives points without data
 * (as in the state machine: missing data never resolves), and ends at the
 * first point judged ok. Without data, a pending breach starts over (nothing
 * shows it lasted); `keep` leaves everything as it was.
 */
export function findEpisodes(points: readonly WindowedPoint[], rule: PreviewRule): PreviewResult {
  const judgements = points.map((point) => judgePoint(point, rule))
  const episodes: Episode[] = []
  let shortBreaches = 0
  let pendingSince: number | undefined
  let current: Episode | undefined
  const above = rule.comparison === '>' || rule.comparison === '>='
  judgements.forEach((judgement, i) => {
    const point = points[i] as WindowedPoint
    if (judgement === 'no_data') {
      if (rule.noData === 'keep') return
      if (pendingSince !== undefined && !current) {
        pendingSince = undefined
        shortBreaches++
      }
      return
    }
    if (judgement === 'ok') {
      if (current) current.end = point.t
      else if (pendingSince !== undefined) shortBreaches++
      current = undefined
      pendingSince = undefined
      return
    }
    if (current) {
      if (judgement === 'critical') current.severity = 'critical'
      current.peak = extreme(current.peak, point.value, above)
      return
    }
    pendingSince ??= point.t
    // A point is one bucket of breach: a 1 h point above the line outlasts a 15 m `for`.
    const lasted = point.t - pendingSince + rule.bucketMs
    if (rule.forMs === 0 || lasted > rule.forMs) {
      current = {
        breachStart: pendingSince,
        start: point.t,
        end: null,
        severity: judgement,
        peak: point.value,
      }
      episodes.push(current)
    }
  })
  if (pendingSince !== undefined && !current) shortBreaches++
  return { judgements, episodes, shortBreaches }
}

function extreme(a: number | null, b: number | null, above: boolean): number | null {
  if (a === null) return b
  if (b === null) return a
  return above ? Math.max(a, b) : Math.min(a, b)
}

/** The start (UTC) of the day or month holding `t`: budgets are calendar periods in UTC. */
export function periodStart(period: BudgetPeriod, t: number): number {
  const date = new Date(t)
  return period === 'day'
    ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
    : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
}

/** One sentence for the preview: "Would have fired 3 times in the last 7 days". */
export function describePreview(result: PreviewResult, days: number): string {
  const fired = result.episodes.length
  const last = `in the last ${days} days`
  const short =
    result.shortBreaches > 0
      ? `${fired === 0 ? 'breached' : 'and breached'} ${times(result.shortBreaches)} more briefly than “For”`
      : ''
  if (fired === 0) return `Would not have fired ${last}${short ? ` (${short})` : ''}.`
  const warnings = result.episodes.filter((episode) => episode.severity === 'warning').length
  const details = [warnings > 0 ? `${warnings} only at the warning level` : '', short].filter(Boolean)
  return `Would have fired ${times(fired)} ${last}${details.length > 0 ? ` (${details.join('; ')})` : ''}.`
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`
}

function floorTo(t: number, step: number): number {
  return Math.floor(t / step) * step
}

function sum(values: readonly number[]): number {
  let total = 0
  for (const value of values) total += value
  return total
}

function uniq(values: readonly string[]): string[] {
  return [...new Set(values)]
}

/** Median, 95th percentile and extremes of the points with a value: what a sensible threshold is near. */
export function seriesStats(points: readonly WindowedPoint[]) {
  const values = points
    .map((point) => point.value)
    .filter((value): value is number => value !== null)
    .sort((a, b) => a - b)
  if (values.length === 0) return undefined
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] as number
  return {
    min: values[0] as number,
    median: at(0.5),
    p95: at(0.95),
    max: values[values.length - 1] as number,
  }
}
