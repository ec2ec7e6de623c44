import { z } from 'zod'
import { comparisons } from '../alerts/alert-rule.js'
import { readinessAreas } from './readiness-area.js'

/**
 * The readiness scorecard as the API answers it (and the CLI reads it): per
 * criterion the measured value, the threshold, the judgement and the data
 * behind it, grouped into the five areas, and the verdict with its reasons.
 */

export const criterionStatuses = ['pass', 'fail', 'insufficient_data'] as const
export type CriterionStatus = (typeof criterionStatuses)[number]
export const readinessVerdicts = ['ready', 'not_ready', 'insufficient_data'] as const
export type ReadinessVerdict = (typeof readinessVerdicts)[number]
/** Where the criteria came from: the API, the config file, or Vigil's defaults (none declared). */
export const criteriaSources = ['api', 'file', 'default'] as const
export type CriteriaSource = (typeof criteriaSources)[number]

/** The dimensions a request narrows every criterion by, and a comparison splits by. */
export const scopeDimensions = ['promptVersion', 'model', 'provider', 'environment', 'serviceName'] as const
export type ScopeDimension = (typeof scopeDimensions)[number]
export type ScopeFilters = Partial<Record<ScopeDimension, string>>

const filterMap = z.record(z.string(), z.string())

export const criterionResultSchema = z.object({
  name: z.string(),
  area: z.enum(readinessAreas),
  kind: z
    .enum(['metric', 'alerts_defined', 'alerts_routed'])
    .describe('`metric`: a declared criterion; the others are the checks of `operations`'),
  metric: z.string().nullable().describe('The metric measured; null for the alert checks'),
  unit: z.string().describe('Unit of value and threshold (the metric’s; `count` for the alert checks)'),
  comparison: z.enum(comparisons).describe('What must hold to pass: value <comparison> threshold'),
  threshold: z.number(),
  value: z.number().nullable().describe('The measured value; null when the metric has none'),
  status: z.enum(criterionStatuses),
  message: z.string().describe('One line: what was measured, against what, or why it could not be judged'),
  data: z
    .object({
      calls: z.number().nullable().describe('Calls the metric was computed over; null for the alert checks'),
      minCalls: z.number().nullable().describe('Calls needed to judge; null for the alert checks'),
      from: z.string(),
      to: z.string(),
      filters: filterMap.describe('The filters the metric was computed with, the use case included'),
      rules: z.array(z.string()).optional().describe('Alert checks: the ids of the rules that count'),
    })
    .describe('The data behind the judgement'),
})
export type CriterionResult = z.infer<typeof criterionResultSchema>

export const scorecardSchema = z.object({
  useCase: z.string(),
  criteriaSource: z.enum(criteriaSources),
  window: z.object({
    from: z.string(),
    to: z.string(),
    duration: z.string().nullable().describe('`7d`…; null when the request gave `from`'),
  }),
  scope: filterMap.describe('The filters of the request, applied to every criterion'),
  calls: z.number().describe('Calls of the use case in the window (within the scope)'),
  verdict: z.enum(readinessVerdicts),
  reasons: z.array(z.string()).describe('Why: each failing criterion, then each that could not be judged'),
  notes: z.array(z.string()).describe('What else a reader should know: default criteria, empty areas'),
  counts: z.object({ pass: z.number(), fail: z.number(), insufficientData: z.number() }),
  areas: z.array(
    z.object({
      area: z.enum(readinessAreas),
      label: z.string(),
      status: z.enum([...criterionStatuses, 'no_criteria']),
      criteria: z.array(criterionResultSchema),
    }),
  ),
})
export type ReadinessScorecard = z.infer<typeof scorecardSchema>
