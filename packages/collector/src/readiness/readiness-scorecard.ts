import { formatMetricValue } from '../alerts/alert-message.js'
import { breaches, type Comparison, type RuleFilters } from '../alerts/alert-rule.js'
import { type Measurement, measureMany } from '../alerts/measure.js'
import { resolveMetric } from '../api/metric-catalog.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { alertChecks } from './alert-checks.js'
import type { AlertCoverage } from './alert-coverage.js'
import { mapLimited } from './map-limited.js'
import { areaLabels, areaOfMetric, type ReadinessArea, readinessAreas } from './readiness-area.js'
import { criterionName, type ReadinessCriteria, type ReadinessCriterion } from './readiness-criteria.js'
import type {
  CriteriaSource,
  CriterionResult,
  CriterionStatus,
  ReadinessScorecard,
  ReadinessVerdict,
  ScopeFilters,
} from './scorecard-schema.js'

/**
 * The readiness scorecard of one use case: each criterion measured over the
 * window, judged pass / fail / insufficient data with the data behind it,
 * grouped into the five areas, and the verdict. Any failure makes it not
 * ready, even when other criteria lack data: a known failure is news a
 * rollout gate must not wait for. Without failures, any criterion that could
 * not be judged makes it insufficient data, never ready.
 */

export interface ScorecardRequest {
  projectId: string
  criteria: ReadinessCriteria
  source: CriteriaSource
  from: Date
  to: Date
  /** The window as a duration (`7d`), or null when the request gave `from`. */
  duration: string | null
  /** Narrows every criterion: replaces a criterion's own filter on the same dimension. */
  scope: ScopeFilters
  alerts: AlertCoverage
}

/** Queries in flight per scorecard: enough to overlap them, few enough not to crowd out other requests. */
const CONCURRENCY = 4

const symbols: Record<Comparison, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' }

export async function computeScorecard(
  store: ClickHouseStore,
  request: ScorecardRequest,
): Promise<ReadinessScorecard> {
  const { criteria, projectId, from, to } = request
  const base: RuleFilters = { ...request.scope, useCase: criteria.useCase }
  // Criteria with the same filters share one measurement (one metric query, one signal query).
  const wanted = [
    { metric: 'calls', filters: base },
    ...criteria.criteria.map((criterion) => ({
      metric: criterion.metric,
      filters: { ...criterion.filters, ...base },
    })),
  ]
  const groups = new Map<string, { filters: RuleFilters; metrics: string[] }>()
  const places = wanted.map(({ metric, filters }) => {
    const key = JSON.stringify(Object.entries(filters).sort())
    const group = groups.get(key) ?? { filters, metrics: [] }
    groups.set(key, group)
    return { key, index: group.metrics.push(metric) - 1 }
  })
  const keys = [...groups.keys()]
  const answers = await mapLimited(keys, CONCURRENCY, (key) => {
    const group = groups.get(key) as { filters: RuleFilters; metrics: string[] }
    return measureMany(store, { projectId, filters: group.filters, metrics: group.metrics, from, to })
  })
  const [calls, ...measured] = places.map(({ key, index }) => ({
    filters: (groups.get(key) as { filters: RuleFilters }).filters,
    measurement: (answers[keys.indexOf(key)] as Measurement[])[index] as Measurement,
  }))
  const window = { from: from.toISOString(), to: to.toISOString() }
  const results = criteria.criteria.map((criterion, i) => {
    const { filters, measurement } = measured[i] as NonNullable<(typeof measured)[number]>
    const minCalls = criterion.metric === 'calls' ? 0 : (criterion.minCalls ?? criteria.minCalls)
    return judgeMetric(criterion, measurement, minCalls, { ...window, filters: present(filters) })
  })
  results.push(...alertChecks(criteria.operations, request.alerts, { ...window, filters: present(base) }))
  return scorecardOf(request, calls?.measurement.calls ?? 0, results)
}

interface Window {
  from: string
  to: string
  filters: Record<string, string>
}

function judgeMetric(
  criterion: ReadinessCriterion,
  measurement: { value: number | null; calls: number },
  minCalls: number,
  window: Window,
): CriterionResult {
  const { metric, comparison, threshold } = criterion
  const { value, calls } = measurement
  const count = (n: number) => n.toLocaleString('en-US')
  let status: CriterionStatus
  let message: string
  if (calls < minCalls) {
    status = 'insufficient_data'
    message = `${count(calls)} calls, fewer than the ${count(minCalls)} needed to judge it`
  } else if (value === null) {
    status = 'insufficient_data'
    message = `no value over ${count(calls)} calls`
  } else {
    // `breaches` evaluates `value <comparison> threshold`; here that is the requirement.
    status = breaches(comparison, value, threshold) ? 'pass' : 'fail'
    message = `${formatMetricValue(metric, value)}; must be ${symbols[comparison]} ${formatMetricValue(metric, threshold)}`
  }
  return {
    name: criterionName(criterion),
    area: criterion.area ?? areaOfMetric(metric),
    kind: 'metric',
    metric,
    unit: resolveMetric(metric)?.unit ?? 'value',
    comparison,
    threshold,
    value,
    status,
    message,
    data: { calls, minCalls, ...window },
  }
}

function scorecardOf(
  request: ScorecardRequest,
  calls: number,
  results: CriterionResult[],
): ReadinessScorecard {
  const { criteria } = request
  const failed = results.filter((result) => result.status === 'fail')
  const unjudged = results.filter((result) => result.status === 'insufficient_data')
  const verdict: ReadinessVerdict =
    failed.length > 0 ? 'not_ready' : unjudged.length > 0 ? 'insufficient_data' : 'ready'
  const reasons =
    verdict === 'ready'
      ? [`all ${results.length} criteria pass`]
      : [...failed, ...unjudged].map(
          (result) =>
            `${areaLabels[result.area]} · ${result.name}: ${result.status === 'fail' ? '' : 'not judged: '}${result.message}`,
        )
  const notes: string[] = []
  if (request.source === 'default') {
    notes.push(
      `No criteria are declared for use case "${criteria.useCase}": it is judged by Vigil's default criteria. ` +
        `Declare its own with PUT /api/v1/readiness/criteria/${encodeURIComponent(criteria.useCase)} or in vigil.config.*`,
    )
  }
  const empty: string[] = []
  const areas = readinessAreas.map((area: ReadinessArea) => {
    const inArea = results.filter((result) => result.area === area)
    if (inArea.length === 0) empty.push(areaLabels[area].toLowerCase())
    const status = inArea.some((r) => r.status === 'fail')
      ? 'fail'
      : inArea.some((r) => r.status === 'insufficient_data')
        ? 'insufficient_data'
        : inArea.length > 0
          ? 'pass'
          : 'no_criteria'
    return { area, label: areaLabels[area], status, criteria: inArea } as const
  })
  if (empty.length > 0) {
    const list = empty.length === 1 ? empty[0] : `${empty.slice(0, -1).join(', ')} and ${empty.at(-1)}`
    notes.push(`No criteria in the ${list} area${empty.length === 1 ? '' : 's'}: nothing is judged there`)
  }
  return {
    useCase: criteria.useCase,
    criteriaSource: request.source,
    window: { from: request.from.toISOString(), to: request.to.toISOString(), duration: request.duration },
    scope: present(request.scope),
    calls,
    verdict,
    reasons,
    notes,
    counts: {
      pass: results.length - failed.length - unjudged.length,
      fail: failed.length,
      insufficientData: unjudged.length,
    },
    areas,
  }
}

/** The filters that are set, as `name → value`. */
function present(filters: Partial<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}
