import { z } from 'zod'
import { metricName } from '../api/metric-filters.js'
import { durationString } from './duration.js'

/**
 * An alert rule: a threshold on one production metric (any metric of the
 * summary API) over a sliding window and filters, as stored, sent to
 * `/api/v1/alerts` and written in `vigil.config.*`. The same criterion shape
 * (metric, filters, comparison, threshold) is a readiness criterion.
 */

const DAY_MS = 86_400_000
const name = z.string().min(1).max(200)
const filterValue = z.string().min(1).max(256)

/** The filters a rule or criterion narrows its metric with (those of the metrics API). */
export const ruleFilters = z
  .strictObject({
    useCase: filterValue.optional(),
    model: filterValue.optional(),
    provider: filterValue.optional(),
    environment: filterValue.optional(),
    promptVersion: filterValue.optional(),
    serviceName: filterValue.optional(),
    userId: filterValue.optional(),
    tag: filterValue.optional(),
  })
  .describe('Filters on the calls the metric is computed over (as in the metrics API)')
export type RuleFilters = z.infer<typeof ruleFilters>

export const comparisons = ['>', '>=', '<', '<='] as const
export type Comparison = (typeof comparisons)[number]

/** Whether `value` breaches `threshold` under `comparison`. */
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

/** What a rule does when the window has fewer calls than `minCalls` (or the metric has no value). */
export const noDataBehaviours = ['no_data', 'ok', 'firing', 'keep'] as const
export type NoDataBehaviour = (typeof noDataBehaviours)[number]

/** The part a rule and a readiness criterion share. */
export const criterionShape = {
  metric: metricName.describe(
    'Any metric of the summary API: calls, costUsd, costPerCallUsd, latencyP95Ms, errorRate, fallbackRate, correctionRate, escalationRate, score:<name>…',
  ),
  filters: ruleFilters.default({}),
  comparison: z
    .enum(comparisons, { error: () => `unknown comparison; available: ${comparisons.join(', ')}` })
    .describe('How the measured value is compared with the threshold: `>` fires when it is above'),
  threshold: z.number().finite(),
}

/** The fields of a rule (the API's views extend them). */
export const alertRuleShape = {
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'letters, digits, `_`, `.`, `-`; at most 128')
    .optional()
    .describe(
      'Stable id; generated when absent. Rules from a config file need one (their state is keyed by it)',
    ),
  name,
  description: z.string().max(2000).optional(),
  enabled: z.boolean().default(true),
  ...criterionShape,
  warningThreshold: z
    .number()
    .finite()
    .optional()
    .describe('A second, less severe threshold: breaching only it fires with severity `warning`'),
  window: durationString({ min: 60_000, max: 31 * DAY_MS })
    .default('15m')
    .describe('The sliding window the metric is measured over, ending at evaluation time'),
  minCalls: z
    .number()
    .int()
    .min(0)
    .default(1)
    .describe('Fewer calls than this in the window: the rule does not judge (see `noData`)'),
  noData: z
    .enum(noDataBehaviours)
    .default('no_data')
    .describe(
      'Below `minCalls`: state `no_data` (default), treat as `ok`, as `firing`, or `keep` the last state',
    ),
  for: durationString({ max: 7 * DAY_MS })
    .default('0')
    .describe('How long the breach must last before the rule fires (it is `pending` meanwhile)'),
  repeatInterval: durationString({ min: 60_000, max: 30 * DAY_MS })
    .default('4h')
    .describe('While firing, notify again at most this often'),
  channels: z
    .array(name)
    .max(20)
    .default([])
    .describe('Names of notification channels (see /api/v1/alert-channels)'),
  budget: z
    .strictObject({
      period: z.enum(['day', 'month']).describe('Calendar period, UTC'),
    })
    .optional()
    .describe(
      'A budget: the metric (must be `costUsd`) is the spend since the start of the period, the threshold its limit; ' +
        'the evaluation also forecasts the end-of-period spend and fires `warning` when the forecast breaches',
    ),
  labels: z
    .record(z.string().max(100), z.string().max(256))
    .default({})
    .describe('Free labels (team, severity…) sent with notifications and matched by silences'),
}

export const alertRuleInput = z.strictObject(alertRuleShape).superRefine((rule, ctx) => {
  if (rule.budget && rule.metric !== 'costUsd')
    ctx.addIssue({ code: 'custom', path: ['metric'], message: 'a budget rule measures `costUsd`' })
  if (rule.budget && rule.comparison !== '>' && rule.comparison !== '>=')
    ctx.addIssue({ code: 'custom', path: ['comparison'], message: 'a budget rule compares with `>` or `>=`' })
  if (rule.warningThreshold !== undefined) {
    const above = rule.comparison === '>' || rule.comparison === '>='
    if (above ? rule.warningThreshold >= rule.threshold : rule.warningThreshold <= rule.threshold)
      ctx.addIssue({
        code: 'custom',
        path: ['warningThreshold'],
        message: `must be ${above ? 'below' : 'above'} the threshold: it is the earlier, less severe level`,
      })
  }
})

export type AlertRuleInput = z.input<typeof alertRuleInput>
/** A rule as stored and evaluated: every default applied, id assigned. */
export type AlertRule = z.output<typeof alertRuleInput> & { id: string; source: DefinitionSource }

/** Where a definition came from: the API, or the config file (read-only through the API). */
export type DefinitionSource = 'api' | 'file'
