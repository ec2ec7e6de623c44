import { resolveMetric } from '../api/metric-catalog.js'
import { type AlertRule, breaches, type Comparison } from './alert-rule.js'
import type { Forecast } from './budget.js'

/**
 * The one line a person reads in a notification, an event or the dashboard:
 * "p95 latency 2,340 ms > 2,000 ms over 15m (useCase=support)". Values are
 * written in their metric's unit, so nobody has to know that a rate is stored
 * as a ratio or a latency in milliseconds.
 */

export type MessageRule = Pick<
  AlertRule,
  'metric' | 'filters' | 'comparison' | 'threshold' | 'warningThreshold' | 'window' | 'minCalls' | 'budget'
>

// Names as people say them; any other metric (score:<name>…) is written as it is named.
const labels: Record<string, string> = {
  calls: 'calls',
  errors: 'errors',
  errorRate: 'error rate',
  timeouts: 'timeouts',
  timeoutRate: 'timeout rate',
  costUsd: 'cost',
  costPerCallUsd: 'cost per call',
  costUnknownCalls: 'unpriced calls',
  latencyP50Ms: 'p50 latency',
  latencyP95Ms: 'p95 latency',
  latencyP99Ms: 'p99 latency',
  ttftP50Ms: 'p50 time to first token',
  ttftP95Ms: 'p95 time to first token',
  inputTokens: 'input tokens',
  outputTokens: 'output tokens',
  cachedTokens: 'cached tokens',
  reasoningTokens: 'reasoning tokens',
  fallbackRate: 'fallback rate',
  cacheHitRate: 'cache hit rate',
  corrections: 'corrections',
  correctionRate: 'correction rate',
  meanCorrectionSize: 'mean correction size',
  feedback: 'feedback',
  positiveRate: 'positive feedback rate',
  meanRating: 'mean rating',
  escalations: 'escalations',
  escalationRate: 'escalation rate',
}

const symbols: Record<Comparison, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' }

const number = (value: number, maximumFractionDigits: number) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits }).format(value)

export function metricLabel(metric: string): string {
  return labels[metric] ?? metric.replace(':', ' ')
}

/** `value` in the metric's unit: `2,340 ms`, `4.2 %`, `$0.0123`, `1,204`. */
export function formatMetricValue(metric: string, value: number): string {
  switch (resolveMetric(metric)?.unit) {
    case 'ms':
      return `${number(value, value < 10 ? 1 : 0)} ms`
    case 'ratio':
      return `${number(value * 100, 2)} %`
    case 'usd':
      // Cents matter on a budget, fractions of a cent on a per-call cost.
      return Math.abs(value) >= 1
        ? `$${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)}`
        : `$${number(value, 4)}`
    case 'count':
      return number(value, 0)
    case 'tokens':
      return `${number(value, 0)} tokens`
    default:
      return number(value, 3)
  }
}

/** ` (useCase=support, model=gpt-4o)`, or nothing without filters. */
export function formatFilters(filters: AlertRule['filters']): string {
  const parts = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value}`)
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`
}

/** `over 15m`, or for a budget the calendar period it sums. */
function scope(rule: MessageRule): string {
  return rule.budget ? `this ${rule.budget.period} (UTC)` : `over ${rule.window}`
}

const comparison = (rule: MessageRule, threshold: number) =>
  `${symbols[rule.comparison]} ${formatMetricValue(rule.metric, threshold)}`

/** What a judged measurement says, breached or not. */
export function measurementMessage(
  rule: MessageRule,
  value: number,
  breached: 'critical' | 'warning' | 'none',
  forecast?: Forecast,
): string {
  const subject = `${metricLabel(rule.metric)} ${formatMetricValue(rule.metric, value)}`
  const where = `${scope(rule)}${formatFilters(rule.filters)}`
  const forecastText = forecast
    ? `; forecast ${formatMetricValue(rule.metric, forecast.value)} by ${forecast.periodEnd.slice(0, 16).replace('T', ' ')} UTC`
    : ''
  if (breached === 'critical') return `${subject} ${comparison(rule, rule.threshold)} ${where}${forecastText}`
  if (breached === 'warning') {
    const warning = rule.warningThreshold
    if (warning !== undefined && breaches(rule.comparison, value, warning)) {
      return `${subject} ${comparison(rule, warning)} (warning; critical ${comparison(rule, rule.threshold)}) ${where}${forecastText}`
    }
    // Only a budget's forecast can make a warning without the warning threshold.
    return `${subject} ${where}${forecastText} ${comparison(rule, rule.threshold)} (warning)`
  }
  return `${subject} ${where} (alerts when ${comparison(rule, rule.threshold)})${forecastText}`
}

/** Why the rule could not judge: too few calls, or a metric without a value. */
export function noDataMessage(rule: MessageRule, calls: number, treatedAs?: 'ok' | 'firing'): string {
  const what =
    calls < rule.minCalls
      ? `${number(calls, 0)} calls ${scope(rule)}, fewer than the ${number(rule.minCalls, 0)} the rule needs`
      : `${metricLabel(rule.metric)} has no value ${scope(rule)} (${number(calls, 0)} calls)`
  return `no data: ${what}${formatFilters(rule.filters)}${treatedAs ? `; treated as ${treatedAs}` : ''}`
}

export function errorMessage(error: string): string {
  return `evaluation failed: ${error}`
}
