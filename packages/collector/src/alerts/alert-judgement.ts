import { type MessageRule, measurementMessage, noDataMessage } from './alert-message.js'
import { type AlertRule, breaches } from './alert-rule.js'
import type { Forecast } from './budget.js'
import type { Severity } from './notification.js'

/**
 * What one measurement means for a rule: breached (critical or warning),
 * calm, or not judgeable (too few calls, no value) — and then what the rule's
 * `noData` behaviour makes of it. The state machine turns judgements into
 * states over time; this decides only about the present.
 */

/** A successful measurement as the evaluator hands it over (budgets add their forecast). */
export interface MeasuredValue {
  value: number | null
  calls: number
  forecast?: Forecast | undefined
}

export type JudgementRule = MessageRule & Pick<AlertRule, 'noData'>

export type Judgement =
  /** `severity: 'none'` is calm; `threshold` is the one breached, or the critical one when calm. */
  | { kind: 'judged'; severity: Severity; threshold: number; message: string }
  /** Not judgeable and the rule says `no_data`: the state becomes `no_data`. */
  | { kind: 'no_data'; message: string }
  /** Not judgeable and the rule says `keep`: the state stays what it was. */
  | { kind: 'keep'; message: string }

export function judge(rule: JudgementRule, measured: MeasuredValue): Judgement {
  // A budget's spend is known even with no calls (it is 0), so `minCalls` does not apply to it.
  const enough = rule.budget !== undefined || measured.calls >= rule.minCalls
  if (measured.value === null || !enough) {
    switch (rule.noData) {
      case 'ok':
        return {
          kind: 'judged',
          severity: 'none',
          threshold: rule.threshold,
          message: noDataMessage(rule, measured.calls, 'ok'),
        }
      case 'firing':
        return {
          kind: 'judged',
          severity: 'critical',
          threshold: rule.threshold,
          message: noDataMessage(rule, measured.calls, 'firing'),
        }
      case 'keep':
        return { kind: 'keep', message: noDataMessage(rule, measured.calls) }
      case 'no_data':
        return { kind: 'no_data', message: noDataMessage(rule, measured.calls) }
    }
  }
  const { value, forecast } = measured
  const { severity, threshold } = severityOf(rule, value, forecast)
  return { kind: 'judged', severity, threshold, message: measurementMessage(rule, value, severity, forecast) }
}

/**
 * Critical when the threshold is breached; warning when only the warning
 * threshold is, or (budgets) when the spend is within the limit but its
 * end-of-period forecast is not.
 */
function severityOf(
  rule: Pick<AlertRule, 'comparison' | 'threshold' | 'warningThreshold'>,
  value: number,
  forecast: Forecast | undefined,
): { severity: Severity; threshold: number } {
  if (breaches(rule.comparison, value, rule.threshold))
    return { severity: 'critical', threshold: rule.threshold }
  const warning = rule.warningThreshold
  if (warning !== undefined && breaches(rule.comparison, value, warning))
    return { severity: 'warning', threshold: warning }
  if (forecast && breaches(rule.comparison, forecast.value, rule.threshold))
    return { severity: 'warning', threshold: rule.threshold }
  return { severity: 'none', threshold: rule.threshold }
}
