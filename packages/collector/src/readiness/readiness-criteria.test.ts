import { describe, expect, it } from 'vitest'
import { defaultReadinessCriteria } from './default-criteria.js'
import { areaOfMetric } from './readiness-area.js'
import { criterionName, readinessCriteriaInput } from './readiness-criteria.js'

const errorRate = { metric: 'errorRate', comparison: '<=', threshold: 0.01 } as const

/** The first issue's path and message, as the API names a field. */
function firstIssue(input: unknown): [string, string] | undefined {
  const parsed = readinessCriteriaInput.safeParse(input)
  if (parsed.success) return undefined
  const issue = parsed.error.issues[0]
  return [issue?.path.join('.') ?? '', issue?.message ?? '']
}

describe('readinessCriteriaInput', () => {
  it('fills in the window, minCalls, filters and operations checks a use case leaves out', () => {
    expect(readinessCriteriaInput.parse({ useCase: 'support', criteria: [errorRate] })).toEqual({
      useCase: 'support',
      window: '7d',
      minCalls: 100,
      criteria: [{ ...errorRate, filters: {} }],
      operations: { alertsDefined: true, alertsRouted: true },
    })
  })

  it('refuses criteria about another use case, and two criteria of one name', () => {
    expect(
      firstIssue({ useCase: 'support', criteria: [{ ...errorRate, filters: { useCase: 'triage' } }] }),
    ).toEqual([
      'criteria.0.filters.useCase',
      'must be "support" (the use case these criteria are for) or left out',
    ])
    // The same metric twice is fine once each has a name of its own.
    const production = { ...errorRate, filters: { environment: 'production' } }
    expect(firstIssue({ useCase: 'support', criteria: [errorRate, production] })).toBeUndefined()
    expect(
      firstIssue({ useCase: 'support', criteria: [errorRate, { ...errorRate, name: 'error rate' }] }),
    ).toEqual(['criteria.1.name', 'another criterion is named "error rate": give each a distinct name'])
  })

  it('refuses windows that are not durations or longer than the data kept', () => {
    expect(firstIssue({ useCase: 'a', window: '1 week', criteria: [errorRate] })?.[0]).toBe('window')
    expect(firstIssue({ useCase: 'a', window: '91d', criteria: [errorRate] })).toEqual([
      'window',
      'must be between 1m and 90d',
    ])
  })
})

describe('criterionName', () => {
  it('is the metric as people say it, with the filters besides the use case', () => {
    expect(criterionName({ metric: 'latencyP95Ms', filters: { useCase: 'support' } })).toBe('p95 latency')
    expect(criterionName({ metric: 'errorRate', filters: { environment: 'production' } })).toBe(
      'error rate (environment=production)',
    )
    expect(criterionName({ name: 'fast enough', metric: 'latencyP95Ms' })).toBe('fast enough')
  })
})

describe('areaOfMetric', () => {
  it('places volume and outcomes in business value, coverage in data, quality in risk', () => {
    expect(
      [
        'calls',
        'outcome:ticket_resolved',
        'feedbackCoverage',
        'scoreCount:accuracy',
        'latencyP95Ms',
        'costPerCallUsd',
      ]
        .concat(['score:accuracy', 'positiveRate', 'correctionRate', 'escalationRate', 'costCoverage'])
        .map(areaOfMetric),
    ).toEqual([
      'business_value',
      'business_value',
      'data',
      'data',
      'delivery',
      'delivery',
      'risk',
      'risk',
      'risk',
      'risk',
      'operations',
    ])
  })
})

describe('defaultReadinessCriteria', () => {
  it('judges every area but operations by metrics, and operations by alerts and cost coverage', () => {
    const defaults = defaultReadinessCriteria('anything')
    const areas = new Set(defaults.criteria.map((criterion) => areaOfMetric(criterion.metric)))
    expect([...areas].sort()).toEqual(['business_value', 'data', 'delivery', 'operations', 'risk'])
    expect(defaults.operations).toEqual({ alertsDefined: true, alertsRouted: true })
  })
})
