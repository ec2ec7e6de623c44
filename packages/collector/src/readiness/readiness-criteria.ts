import { z } from 'zod'
import { formatFilters, metricLabel } from '../alerts/alert-message.js'
import { criterionShape, type RuleFilters } from '../alerts/alert-rule.js'
import { durationString } from '../alerts/duration.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { DefinitionStore } from '../storage/definition-store.js'
import { readinessAreas } from './readiness-area.js'

/**
 * A use case's acceptance criteria: what "good enough for production" means
 * for it, as stored (`readiness_criteria`, one definition per use case, id =
 * the use case), sent to `PUT /api/v1/readiness/criteria/:useCase` and written
 * in `vigil.config.*`. A criterion has the shape of an alert rule (metric,
 * filters, comparison, threshold) over a longer window — but its comparison
 * says what must hold to pass, where a rule's says when it fires.
 */

const DAY_MS = 86_400_000
/** The longest window a scorecard reads: the default retention (VIGIL_RETENTION_DAYS) is 90 days. */
export const MAX_READINESS_WINDOW_MS = 90 * DAY_MS
export const readinessWindow = durationString({ min: 60_000, max: MAX_READINESS_WINDOW_MS })

export const useCaseName = z.string().min(1).max(256)

export const readinessCriterion = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Unique among the use case’s criteria; default: the metric as people say it (`p95 latency`)'),
  ...criterionShape,
  comparison: criterionShape.comparison.describe(
    'What must hold to pass: `<=` passes when the measured value is at most the threshold ' +
      '(the opposite of an alert rule, whose comparison says when it fires)',
  ),
  area: z
    .enum(readinessAreas, { error: () => `unknown area; available: ${readinessAreas.join(', ')}` })
    .optional()
    .describe(
      'Where the scorecard files it; default from the metric: calls and outcomes → business_value; ' +
        'feedback, coverage and score counts → data; errors, latency, fallbacks, cost, tokens → delivery; ' +
        'corrections, escalations, ratings, score means → risk; costCoverage, costUnknownCalls → operations',
    ),
  minCalls: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      'Fewer calls than this in the window: insufficient data, not pass or fail; default: the use case’s ' +
        '`minCalls`. Never applies to the `calls` metric, whose count is its own evidence',
    ),
})

export const readinessOperations = z
  .strictObject({
    alertsDefined: z
      .boolean()
      .default(true)
      .describe('Check that an enabled alert rule covers the use case (its filters name it, or no use case)'),
    alertsRouted: z
      .boolean()
      .default(true)
      .describe('Check that such a rule sends to at least one existing notification channel'),
  })
  .describe('Checks of the operations area that are not metrics')

/** The object without its cross-field checks (zod cannot omit fields of a refined object). */
export const readinessCriteriaObject = z.strictObject({
  useCase: useCaseName.describe('The use case (`vigil.use_case`) these criteria are for'),
  window: readinessWindow
    .default('7d')
    .describe('The window the criteria are measured over, ending now (a request may choose another)'),
  minCalls: z
    .number()
    .int()
    .min(0)
    .default(100)
    .describe('Fewer calls than this in the window: a criterion is insufficient data (each may override it)'),
  criteria: z.array(readinessCriterion).min(1, 'declare at least one criterion').max(50),
  operations: readinessOperations.prefault({}),
})

export const readinessCriteriaInput = readinessCriteriaObject.superRefine((value, ctx) => {
  const names = new Set<string>()
  value.criteria.forEach((criterion, i) => {
    const useCase = criterion.filters?.useCase
    if (useCase !== undefined && useCase !== value.useCase) {
      ctx.addIssue({
        code: 'custom',
        path: ['criteria', i, 'filters', 'useCase'],
        message: `must be "${value.useCase}" (the use case these criteria are for) or left out`,
      })
    }
    const name = criterionName(criterion)
    if (names.has(name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['criteria', i, 'name'],
        message: `another criterion is named "${name}": give each a distinct name`,
      })
    }
    names.add(name)
  })
})

export type ReadinessCriteriaInput = z.input<typeof readinessCriteriaInput>
/** As stored and judged: every default applied. */
export type ReadinessCriteria = z.output<typeof readinessCriteriaInput>
export type ReadinessCriterion = z.output<typeof readinessCriterion>

/** A criterion's name: its own, else the metric as people say it and the filters besides the use case. */
export function criterionName(criterion: {
  name?: string | undefined
  metric: string
  filters?: RuleFilters | undefined
}): string {
  if (criterion.name !== undefined) return criterion.name
  const { useCase: _, ...filters } = criterion.filters ?? {}
  return `${metricLabel(criterion.metric)}${formatFilters(filters)}`
}

/** The projects' declared criteria, keyed by use case. */
export function readinessCriteriaStore(store: ClickHouseStore): DefinitionStore<ReadinessCriteria> {
  return new DefinitionStore(store, 'readiness_criteria', (value) => readinessCriteriaInput.parse(value))
}
