import { formatByUnit } from '../../ui/format.js'
import type { AlertRuleBody, RuleFilters } from './alert-types.js'
import { metricLabel, metricUnit } from './metric-options.js'

/**
 * A rule in one line, as a list or a page header shows it:
 * "Error rate > 5 % over 15m, for 5m". Thresholds are written exactly as
 * set (5.1 %, 2000 ms), not rounded like measured values.
 */

const symbols = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' } as const

export function formatThreshold(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–'
  const exact = (n: number) => String(Number(n.toPrecision(6)))
  switch (metricUnit(metric)) {
    case 'ratio':
      return `${exact(value * 100)} %`
    case 'ms':
      return `${exact(value)} ms`
    case 'usd':
      return `$${exact(value)}`
    default:
      return exact(value)
  }
}

/** A measured value of the rule's metric. */
export function formatMeasured(metric: string, value: number | null | undefined): string {
  return formatByUnit(metricUnit(metric), value)
}

export function describeCondition(
  rule: Pick<AlertRuleBody, 'metric' | 'comparison' | 'threshold' | 'window' | 'for' | 'budget'>,
): string {
  const condition = `${metricLabel(rule.metric)} ${symbols[rule.comparison]} ${formatThreshold(rule.metric, rule.threshold)}`
  if (rule.budget) return `${condition} per ${rule.budget.period} (budget)`
  const lasting = rule.for && rule.for !== '0' ? `, for ${rule.for}` : ''
  return `${condition} over ${rule.window}${lasting}`
}

/** `useCase=support · model=gpt-4o`, or an empty list. */
export function filterList(filters: RuleFilters): string[] {
  return Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([name, value]) => `${name}=${value}`)
}

export function comparisonSymbol(comparison: AlertRuleBody['comparison']): string {
  return symbols[comparison]
}
