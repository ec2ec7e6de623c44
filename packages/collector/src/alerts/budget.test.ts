import { describe, expect, it } from 'vitest'
import { judge } from './alert-judgement.js'
import { type AlertRule, alertRuleInput } from './alert-rule.js'
import { advanceAlert } from './alert-state-machine.js'
import { budgetWindow, forecastSpend, MIN_FORECAST_FRACTION } from './budget.js'

const HOUR = 3_600_000

function makeBudget(period: 'day' | 'month', extra: { warningThreshold?: number } = {}): AlertRule {
  return {
    ...alertRuleInput.parse({
      name: 'Monthly spend',
      metric: 'costUsd',
      comparison: '>',
      threshold: 300,
      budget: { period },
      ...extra,
    }),
    id: 'spend',
    source: 'file',
  }
}

describe('budgetWindow', () => {
  it('spans the current UTC day', () => {
    const window = budgetWindow('day', new Date('2025-06-10T18:30:00Z'))
    expect(window.from.toISOString()).toBe('2025-06-10T00:00:00.000Z')
    expect(window.periodEnd.toISOString()).toBe('2025-06-11T00:00:00.000Z')
  })

  it('spans the current UTC month, across a year end and a short February', () => {
    expect(budgetWindow('month', new Date('2025-12-31T23:00:00Z')).periodEnd.toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    )
    const february = budgetWindow('month', new Date('2025-02-14T00:00:00Z'))
    expect(february.from.toISOString()).toBe('2025-02-01T00:00:00.000Z')
    expect(february.periodEnd.toISOString()).toBe('2025-03-01T00:00:00.000Z')
  })
})

describe('forecastSpend', () => {
  it('extrapolates the spend so far linearly to the end of the day', () => {
    // A quarter of the day gone, $25 spent: $100 by midnight.
    const forecast = forecastSpend(25, budgetWindow('day', new Date('2025-06-10T06:00:00Z')))
    expect(forecast).toEqual({ value: 100, periodEnd: '2025-06-11T00:00:00.000Z' })
  })

  it("uses the month's real length", () => {
    // June has 30 days: $100 in 10 days is $300 by July; in February's 28, $50 in 7 days is $200.
    expect(forecastSpend(100, budgetWindow('month', new Date('2025-06-11T00:00:00Z')))?.value).toBeCloseTo(
      300,
      9,
    )
    expect(forecastSpend(50, budgetWindow('month', new Date('2025-02-08T00:00:00Z')))?.value).toBeCloseTo(
      200,
      9,
    )
  })

  it('makes no forecast before the minimum share of the period has passed', () => {
    const start = Date.parse('2025-06-10T00:00:00Z')
    const early = new Date(start + MIN_FORECAST_FRACTION * 24 * HOUR - 1)
    expect(forecastSpend(5, budgetWindow('day', early))).toBeUndefined()
    expect(
      forecastSpend(5, budgetWindow('day', new Date(start + MIN_FORECAST_FRACTION * 24 * HOUR)))?.value,
    ).toBe(100)
  })
})

describe('budget judgement', () => {
  const periodEnd = '2025-07-01T00:00:00.000Z'

  it('is critical when the spend is over the limit', () => {
    const judgement = judge(makeBudget('month'), {
      value: 310,
      calls: 4000,
      forecast: { value: 930, periodEnd },
    })
    expect(judgement).toMatchObject({ kind: 'judged', severity: 'critical', threshold: 300 })
  })

  it('is a warning when only the forecast is over the limit', () => {
    const judgement = judge(makeBudget('month'), {
      value: 120,
      calls: 1500,
      forecast: { value: 360, periodEnd },
    })
    expect(judgement).toMatchObject({ kind: 'judged', severity: 'warning', threshold: 300 })
    if (judgement.kind !== 'judged') throw new Error('expected a judgement')
    expect(judgement.message).toBe(
      'cost $120.00 this month (UTC); forecast $360.00 by 2025-07-01 00:00 UTC > $300.00 (warning)',
    )
  })

  it('is calm when both the spend and its forecast are within the limit, or there is no forecast yet', () => {
    expect(
      judge(makeBudget('month'), { value: 50, calls: 10, forecast: { value: 150, periodEnd } }),
    ).toMatchObject({
      severity: 'none',
    })
    expect(judge(makeBudget('month'), { value: 50, calls: 10 })).toMatchObject({ severity: 'none' })
  })

  it('also warns on the warning threshold when one is set', () => {
    const judgement = judge(makeBudget('month', { warningThreshold: 200 }), { value: 210, calls: 10 })
    expect(judgement).toMatchObject({ severity: 'warning', threshold: 200 })
  })

  it('judges a period without calls as no spend, not as no data', () => {
    expect(judge(makeBudget('day'), { value: 0, calls: 0 })).toMatchObject({
      kind: 'judged',
      severity: 'none',
    })
  })

  it('carries the forecast in the notification', () => {
    const step = advanceAlert({
      projectId: 'default',
      rule: makeBudget('month'),
      previous: undefined,
      outcome: { value: 120, calls: 1500, forecast: { value: 360, periodEnd } },
      now: new Date('2025-06-11T00:00:00Z'),
    })
    expect(step.notifications).toHaveLength(1)
    expect(step.notifications[0]).toMatchObject({
      kind: 'firing',
      severity: 'warning',
      value: 120,
      forecast: { value: 360, periodEnd },
      rule: { budget: { period: 'month' } },
    })
  })
})
