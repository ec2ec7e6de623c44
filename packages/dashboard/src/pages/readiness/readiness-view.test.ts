import { describe, expect, it } from 'vitest'
import {
  formatRequirement,
  formatValue,
  gateCommand,
  listUseCases,
  shellQuote,
  statusText,
  verdictText,
} from './readiness-view.js'

describe('readiness view', () => {
  it('words verdicts and statuses as the page and the tests read them', () => {
    expect(verdictText('not_ready')).toBe('not ready')
    expect(verdictText('insufficient_data')).toBe('insufficient data')
    expect(statusText('pass')).toBe('pass')
  })

  it('writes measured values in their unit and thresholds exactly', () => {
    expect(formatValue('ratio', 0.027139)).toBe('2.71 %')
    expect(formatValue('ms', 3541.5)).toBe('3.54 s')
    expect(formatValue('count', 3353)).toBe('3,353')
    expect(formatValue('value', null)).toBe('–')
    expect(formatRequirement('ratio', '<=', 0.01)).toBe('≤ 1 %')
    expect(formatRequirement('ms', '<=', 10_000)).toBe('≤ 10,000 ms')
    expect(formatRequirement('count', '>=', 100)).toBe('≥ 100')
  })

  it('offers use cases with calls first, then declared ones without calls', () => {
    expect(listUseCases(['triage', 'draft'], ['summarize', 'triage'])).toEqual([
      'triage',
      'draft',
      'summarize',
    ])
  })

  it('gives the CI command for the same judgement', () => {
    expect(gateCommand({ useCase: 'support triage', endpoint: 'http://vigil:4318' })).toBe(
      "vigil gate --use-case 'support triage' --endpoint http://vigil:4318",
    )
    expect(
      gateCommand({
        useCase: 'triage',
        endpoint: 'http://vigil:4318',
        window: '30d',
        scope: { environment: 'production' },
        compare: { dimension: 'promptVersion', values: ['v1', 'v2'] },
      }),
    ).toBe(
      'vigil gate --use-case triage --window 30d --environment production --compare promptVersion=v1,v2 --endpoint http://vigil:4318',
    )
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
  })
})
