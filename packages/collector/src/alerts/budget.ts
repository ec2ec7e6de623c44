import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import type { AlertRule } from './alert-rule.js'
import { measure } from './measure.js'

/**
 * Budgets: a `costUsd` rule with `budget: { period }` measures the spend
 * since the start of the current UTC day or month, not over a sliding
 * window, and forecasts the spend at the end of the period.
 *
 * The forecast is linear: spend so far / elapsed time × the period's length
 * (a month's real length, 28 to 31 days). It assumes the rest of the period
 * spends at the average rate so far, which is the estimate a person makes
 * looking at the bill; traffic with a daily rhythm makes it swing within a
 * day. Before `MIN_FORECAST_FRACTION` of the period has passed there is no
 * forecast: a few minutes after midnight, one expensive call would
 * extrapolate to an absurd end-of-day spend and page someone.
 */

export type BudgetPeriod = NonNullable<AlertRule['budget']>['period']

/** The spend expected at the end of the period; `periodEnd` is exclusive (the next period's start). */
export interface Forecast {
  value: number
  periodEnd: string
}

export interface BudgetWindow {
  /** Start of the current period, UTC. */
  from: Date
  /** The evaluation time. */
  to: Date
  /** Start of the next period. */
  periodEnd: Date
}

/** Share of the period that must have passed before a forecast is made: 72 min of a day, 1.5 days of a month. */
export const MIN_FORECAST_FRACTION = 0.05

export function budgetWindow(period: BudgetPeriod, now: Date): BudgetWindow {
  const year = now.getUTCFullYear()
  const month = now.getUTCMonth()
  if (period === 'month') {
    return {
      from: new Date(Date.UTC(year, month, 1)),
      to: now,
      periodEnd: new Date(Date.UTC(year, month + 1, 1)),
    }
  }
  const day = now.getUTCDate()
  return {
    from: new Date(Date.UTC(year, month, day)),
    to: now,
    periodEnd: new Date(Date.UTC(year, month, day + 1)),
  }
}

/** The linear end-of-period forecast of `spend` so far, or undefined too early in the period. */
export function forecastSpend(spend: number, window: BudgetWindow): Forecast | undefined {
  const length = window.periodEnd.getTime() - window.from.getTime()
  const elapsed = window.to.getTime() - window.from.getTime()
  if (elapsed < MIN_FORECAST_FRACTION * length) return undefined
  return { value: (spend / elapsed) * length, periodEnd: window.periodEnd.toISOString() }
}

export interface BudgetMeasurement {
  /** Spend since the start of the period (0 when nothing was spent: a fact, not missing data). */
  value: number
  calls: number
  forecast: Forecast | undefined
}

/** Spend so far in the rule's period, and its forecast. */
export async function measureBudget(
  store: ClickHouseStore,
  projectId: string,
  rule: Pick<AlertRule, 'metric' | 'filters'> & { budget: { period: BudgetPeriod } },
  now: Date,
): Promise<BudgetMeasurement> {
  const window = budgetWindow(rule.budget.period, now)
  const measured = await measure(store, {
    projectId,
    metric: rule.metric,
    filters: rule.filters,
    from: window.from,
    to: window.to,
  })
  const spend = measured.value ?? 0
  return { value: spend, calls: measured.calls, forecast: forecastSpend(spend, window) }
}
