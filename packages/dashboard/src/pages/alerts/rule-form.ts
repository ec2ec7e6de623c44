import type { AlertRule, AlertRuleBody, RuleFilterName, RuleFilters } from './alert-types.js'
import { parseDuration } from './duration.js'
import { metricUnit, splitNamedMetric } from './metric-options.js'
import type { BudgetPeriod, Comparison, NoDataBehaviour } from './threshold-preview.js'

/**
 * The alert form's state and its conversion to and from the API's rule body.
 * The form keeps what people type (strings); thresholds of ratio metrics are
 * typed as percentages (5 means 5 %) because that is how rates are read
 * everywhere on the dashboard, and sent as the ratios the API stores (0.05).
 */

export interface RuleForm {
  name: string
  description: string
  enabled: boolean
  /** A catalog metric (`errorRate`), or a named family (`score`) whose key is `metricKey`. */
  metric: string
  metricKey: string
  filters: RuleFilters
  comparison: Comparison
  threshold: string
  warningThreshold: string
  window: string
  for: string
  minCalls: string
  noData: NoDataBehaviour
  repeatInterval: string
  channels: string[]
  budget: '' | BudgetPeriod
  /** `team=payments, tier=1` */
  labels: string
}

/** Form fields an error can be shown next to (the API's field names, `filters.useCase` for a filter). */
export type FieldErrors = Partial<Record<string, string>>

/** Sets one field of the form (and clears the error shown next to it). */
export type SetRuleField = <K extends keyof RuleForm>(name: K, value: RuleForm[K]) => void

/** What each fieldset of the alert form gets. */
export interface RuleFieldsetProps {
  form: RuleForm
  set: SetRuleField
  errors: FieldErrors
  readOnly: boolean
}

/**
 * Ties fields to the form: `field('window', 'rule-window')` is the control's
 * id, the form's value, its setter and the error to show (errors are keyed
 * by the field's name, as the API names it).
 */
export function fieldBinder({ form, set, errors }: RuleFieldsetProps) {
  return <K extends keyof RuleForm>(name: K, id: string) => ({
    id,
    value: form[name],
    onChange: (value: RuleForm[K]) => set(name, value),
    error: errors[name],
  })
}

export const emptyRuleForm: RuleForm = {
  name: '',
  description: '',
  enabled: true,
  metric: 'errorRate',
  metricKey: '',
  filters: {},
  comparison: '>',
  threshold: '',
  warningThreshold: '',
  window: '15m',
  for: '0',
  minCalls: '1',
  noData: 'no_data',
  repeatInterval: '4h',
  channels: [],
  budget: '',
  labels: '',
}

/** The metric name the form stands for: `errorRate`, or `score:accuracy`. */
export function formMetric(form: Pick<RuleForm, 'metric' | 'metricKey'>): string {
  return isNamedFamily(form.metric) ? `${form.metric}:${form.metricKey.trim()}` : form.metric
}

export function isNamedFamily(metric: string): boolean {
  return ['score', 'scoreCount', 'outcome', 'outcomeCount'].includes(metric)
}

/** Whether thresholds of this metric are typed as percentages. */
export function typedAsPercent(metric: string): boolean {
  return metricUnit(metric) === 'ratio'
}

/** The threshold as the API takes it, from what was typed; undefined if it is not a number. */
export function thresholdFromInput(text: string, metric: string): number | undefined {
  if (text.trim() === '') return undefined
  const value = Number(text.trim().replace(/\s*%$/, ''))
  if (!Number.isFinite(value)) return undefined
  // toPrecision drops the float noise of the division (5.1 / 100 = 0.051000000000000004).
  return typedAsPercent(metric) ? Number((value / 100).toPrecision(12)) : value
}

/** A threshold from the API as the form shows it. */
export function thresholdToInput(value: number | undefined, metric: string): string {
  if (value === undefined) return ''
  return String(typedAsPercent(metric) ? Number((value * 100).toPrecision(12)) : value)
}

/** The form of an existing rule (for editing). */
export function ruleToForm(rule: AlertRule | AlertRuleBody): RuleForm {
  const named = splitNamedMetric(rule.metric)
  return {
    name: rule.name,
    description: rule.description ?? '',
    enabled: rule.enabled,
    metric: named ? named.family : rule.metric,
    metricKey: named ? named.key : '',
    filters: { ...rule.filters },
    comparison: rule.comparison,
    threshold: thresholdToInput(rule.threshold, rule.metric),
    warningThreshold: thresholdToInput(rule.warningThreshold, rule.metric),
    window: rule.window,
    for: rule.for,
    minCalls: String(rule.minCalls),
    noData: rule.noData,
    repeatInterval: rule.repeatInterval,
    channels: [...rule.channels],
    budget: rule.budget?.period ?? '',
    labels: Object.entries(rule.labels)
      .map(([name, value]) => `${name}=${value}`)
      .join(', '),
  }
}

const DAY_MS = 86_400_000

function durationError(text: string, min: number, max: number, what: string): string | undefined {
  const ms = parseDuration(text)
  if (ms === undefined) return `“${text}” is not a duration: write e.g. 30s, 15m, 2h, 7d`
  if (ms < min || ms > max) return `${what} must be between ${describeMs(min)} and ${describeMs(max)}`
  return undefined
}

function describeMs(ms: number): string {
  if (ms === 0) return '0'
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  return `${ms / 60_000}m`
}

/** `team=payments, tier=1` (commas or new lines) as labels; or the offending part. */
export function parseLabels(text: string): { labels: Record<string, string> } | { error: string } {
  const labels: Record<string, string> = {}
  for (const part of text.split(/[,\n]/)) {
    const trimmed = part.trim()
    if (trimmed === '') continue
    const eq = trimmed.indexOf('=')
    if (eq <= 0) return { error: `“${trimmed}” is not name=value` }
    labels[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim()
  }
  return { labels }
}

/**
 * The API body of a form, or the errors of its fields. The checks are the
 * ones a person can fix before sending (a missing name, a duration typo);
 * the API remains the judge of the rest (a 400 names the field, see
 * `fieldOfApiError`).
 */
export function formToRule(form: RuleForm): { body: AlertRuleBody } | { errors: FieldErrors } {
  const errors: FieldErrors = {}
  const metric = formMetric(form)
  if (form.name.trim() === '') errors.name = 'Give the rule a name: it is what notifications say'
  if (isNamedFamily(form.metric) && form.metricKey.trim() === '')
    errors.metric = 'Give the score’s or outcome’s name (as the signals send it)'
  const threshold = thresholdFromInput(form.threshold, metric)
  if (threshold === undefined) errors.threshold = 'Give a number'
  const warningThreshold = thresholdFromInput(form.warningThreshold, metric)
  if (form.warningThreshold.trim() !== '' && warningThreshold === undefined)
    errors.warningThreshold = 'Give a number, or leave it empty'
  const windowError = form.budget ? undefined : durationError(form.window, 60_000, 31 * DAY_MS, 'The window')
  if (windowError) errors.window = windowError
  const forError = durationError(form.for, 0, 7 * DAY_MS, '“For”')
  if (forError) errors.for = forError
  const repeatError = durationError(form.repeatInterval, 60_000, 30 * DAY_MS, 'The repeat interval')
  if (repeatError) errors.repeatInterval = repeatError
  const minCalls = Number(form.minCalls)
  if (form.minCalls.trim() === '' || !Number.isInteger(minCalls) || minCalls < 0)
    errors.minCalls = 'Give a whole number, 0 or more'
  const labels = parseLabels(form.labels)
  if ('error' in labels) errors.labels = labels.error
  if (form.budget && metric !== 'costUsd') errors.budget = 'A budget measures Cost (costUsd)'
  if (Object.keys(errors).length > 0 || threshold === undefined || 'error' in labels) return { errors }

  const filters: RuleFilters = {}
  for (const [name, value] of Object.entries(form.filters) as [RuleFilterName, string | undefined][]) {
    if (value !== undefined && value.trim() !== '') filters[name] = value.trim()
  }
  const body: AlertRuleBody = {
    name: form.name.trim(),
    enabled: form.enabled,
    metric,
    filters,
    comparison: form.comparison,
    threshold,
    window: form.window.trim(),
    for: form.for.trim(),
    minCalls,
    noData: form.noData,
    repeatInterval: form.repeatInterval.trim(),
    channels: form.channels,
    labels: labels.labels,
  }
  if (form.description.trim() !== '') body.description = form.description.trim()
  if (warningThreshold !== undefined) body.warningThreshold = warningThreshold
  if (form.budget) body.budget = { period: form.budget }
  return { body }
}

/**
 * The form field a 400 of the API is about, and what it says: the collector
 * writes `Invalid field "threshold": …` (or `Invalid body field "channels": …`,
 * `Unknown field "x"`). Filters keep their path (`filters.useCase`); other
 * nested paths are reported on their top-level field.
 */
export function fieldOfApiError(message: string): { field: string; message: string } | undefined {
  const match = /(?:Invalid (?:body )?field|Unknown field) "([^"]+)"(?::\s*)?(.*)$/s.exec(message)
  if (!match) return undefined
  const path = match[1] as string
  const field = path.startsWith('filters.') ? path : (path.split(/[.[]/)[0] as string)
  const rest = (match[2] ?? '').trim()
  return { field, message: rest === '' ? message : capitalize(rest) }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
