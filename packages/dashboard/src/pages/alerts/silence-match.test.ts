import { describe, expect, it } from 'vitest'
import type { Silence } from './alert-types.js'
import { describeSilenceScope, mutingSilence, silenceMatches } from './silence-match.js'

const rule = {
  id: 'r1',
  name: 'Triage errors',
  metric: 'errorRate',
  filters: { useCase: 'triage', model: 'gpt-4o' },
  labels: { team: 'support' },
}

const silence = (over: Partial<Silence>): Silence => ({
  id: 's',
  matchers: [],
  startsAt: '',
  endsAt: '',
  comment: '',
  createdBy: '',
  createdAt: '',
  state: 'active',
  ...over,
})

describe('silence matching', () => {
  it('matches by rule id, labels and filters, with whole-value regular expressions', () => {
    expect(silenceMatches({ ruleId: 'r1', matchers: [] }, rule)).toBe(true)
    expect(silenceMatches({ ruleId: 'r2', matchers: [] }, rule)).toBe(false)
    expect(silenceMatches({ matchers: [{ name: 'team', operator: '=', value: 'support' }] }, rule)).toBe(true)
    expect(silenceMatches({ matchers: [{ name: 'model', operator: '=~', value: 'gpt-.*' }] }, rule)).toBe(
      true,
    )
    expect(silenceMatches({ matchers: [{ name: 'model', operator: '=~', value: 'gpt' }] }, rule)).toBe(false)
    // A label the rule lacks reads as "".
    expect(silenceMatches({ matchers: [{ name: 'tier', operator: '=', value: '' }] }, rule)).toBe(true)
  })

  it('only counts active silences as muting', () => {
    expect(mutingSilence([silence({ ruleId: 'r1', state: 'expired' })], rule)).toBeUndefined()
    expect(mutingSilence([silence({ ruleId: 'r1' })], rule)?.id).toBe('s')
  })

  it('describes what a silence covers', () => {
    const names = new Map([['r1', 'Triage errors']])
    expect(
      describeSilenceScope(
        { ruleId: 'r1', matchers: [{ name: 'env', operator: '!=', value: 'dev' }] },
        names,
      ),
    ).toBe('rule “Triage errors”, env!=dev')
  })
})
