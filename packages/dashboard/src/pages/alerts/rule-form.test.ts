import { describe, expect, it } from 'vitest'
import type { AlertRuleBody } from './alert-types.js'
import { emptyRuleForm, fieldOfApiError, formToRule, parseLabels, ruleToForm } from './rule-form.js'

const rule: AlertRuleBody = {
  name: 'Triage errors',
  enabled: true,
  metric: 'errorRate',
  filters: { useCase: 'support-triage', environment: 'production' },
  comparison: '>',
  threshold: 0.051,
  warningThreshold: 0.02,
  window: '15m',
  for: '5m',
  minCalls: 20,
  noData: 'no_data',
  repeatInterval: '4h',
  channels: ['oncall'],
  labels: { team: 'support' },
}

describe('rule form', () => {
  it('shows a rate’s thresholds as percentages and sends them back as ratios, unchanged', () => {
    const form = ruleToForm(rule)
    expect(form.threshold).toBe('5.1')
    expect(form.warningThreshold).toBe('2')
    expect(form.labels).toBe('team=support')
    expect(formToRule(form)).toEqual({ body: rule })
  })

  it('keeps other units as they are', () => {
    const form = { ...emptyRuleForm, name: 'Slow', metric: 'latencyP95Ms', threshold: '2000' }
    expect(formToRule(form)).toMatchObject({ body: { metric: 'latencyP95Ms', threshold: 2000 } })
  })

  it('joins a named score metric and splits it back', () => {
    const form = {
      ...emptyRuleForm,
      name: 'Accuracy',
      metric: 'score',
      metricKey: 'accuracy',
      threshold: '0.8',
    }
    const result = formToRule({ ...form, comparison: '<' })
    expect(result).toMatchObject({ body: { metric: 'score:accuracy', threshold: 0.8, comparison: '<' } })
    if ('body' in result)
      expect(ruleToForm(result.body)).toMatchObject({ metric: 'score', metricKey: 'accuracy' })
  })

  it('leaves out empty filters, description and warning level', () => {
    const form = { ...emptyRuleForm, name: 'x', threshold: '1', filters: { useCase: '', model: 'gpt-4o' } }
    const result = formToRule(form)
    expect(result).toMatchObject({ body: { filters: { model: 'gpt-4o' } } })
    if ('body' in result) {
      expect(result.body).not.toHaveProperty('description')
      expect(result.body).not.toHaveProperty('warningThreshold')
      expect(result.body).not.toHaveProperty('budget')
    }
  })

  it('names each field a person has to fix before sending', () => {
    const result = formToRule({
      ...emptyRuleForm,
      threshold: 'lots',
      window: '15 minutes',
      for: '30d',
      minCalls: '-1',
      labels: 'team',
    })
    expect(result).toHaveProperty('errors')
    if ('errors' in result)
      expect(Object.keys(result.errors).sort()).toEqual([
        'for',
        'labels',
        'minCalls',
        'name',
        'threshold',
        'window',
      ])
  })

  it('sends a budget only on cost', () => {
    const form = {
      ...emptyRuleForm,
      name: 'Budget',
      metric: 'costUsd',
      threshold: '50',
      budget: 'day' as const,
    }
    expect(formToRule(form)).toMatchObject({ body: { budget: { period: 'day' }, threshold: 50 } })
    expect(formToRule({ ...form, metric: 'calls' })).toMatchObject({ errors: { budget: expect.any(String) } })
  })

  it('parses labels separated by commas or lines', () => {
    expect(parseLabels('team=a, tier = 1\nowner=b')).toEqual({ labels: { team: 'a', tier: '1', owner: 'b' } })
  })
})

describe('fieldOfApiError', () => {
  it('finds the field a 400 of the API names', () => {
    expect(fieldOfApiError('Invalid field "warningThreshold": must be below the threshold')).toEqual({
      field: 'warningThreshold',
      message: 'Must be below the threshold',
    })
    expect(fieldOfApiError('Invalid body field "channels": no channel "x" in this project')).toMatchObject({
      field: 'channels',
    })
    expect(fieldOfApiError('Invalid field "filters.useCase": too long')).toMatchObject({
      field: 'filters.useCase',
    })
    expect(fieldOfApiError('Unknown field "colour"')).toMatchObject({ field: 'colour' })
    expect(fieldOfApiError('Alert rule "x" exists already')).toBeUndefined()
  })
})
