import { describe, expect, it } from 'vitest'
import { describeCondition, filterList, formatThreshold } from './rule-summary.js'

describe('rule summary', () => {
  it('writes thresholds exactly, in their metric’s unit', () => {
    expect(formatThreshold('errorRate', 0.051)).toBe('5.1 %')
    expect(formatThreshold('latencyP95Ms', 2000)).toBe('2000 ms')
    expect(formatThreshold('costUsd', 12.5)).toBe('$12.5')
    expect(formatThreshold('score:accuracy', 0.8)).toBe('0.8')
  })

  it('reads a rule as one line', () => {
    const rule = { metric: 'errorRate', comparison: '>' as const, threshold: 0.05, window: '15m', for: '5m' }
    expect(describeCondition(rule)).toBe('Error rate > 5 % over 15m, for 5m')
    expect(describeCondition({ ...rule, for: '0' })).toBe('Error rate > 5 % over 15m')
    expect(describeCondition({ ...rule, metric: 'costUsd', threshold: 50, budget: { period: 'day' } })).toBe(
      'Cost > $50 per day (budget)',
    )
    expect(filterList({ useCase: 'triage', model: '' })).toEqual(['useCase=triage'])
  })
})
