import { describe, expect, it } from 'vitest'
import {
  activeSilence,
  expireSilence,
  newSilence,
  type Silence,
  type SilenceSubject,
  silenceInput,
  silenceMatches,
  silenceState,
} from './silence.js'

const NOW = Date.parse('2026-03-02T12:00:00Z')
const HOUR = 3_600_000

function makeSilence(overrides: Partial<Silence> = {}): Silence {
  return {
    id: 's1',
    matchers: [],
    startsAt: new Date(NOW - HOUR).toISOString(),
    endsAt: new Date(NOW + HOUR).toISOString(),
    comment: 'maintenance',
    createdBy: 'key-1',
    createdAt: new Date(NOW - HOUR).toISOString(),
    ...overrides,
  }
}

function makeRule(overrides: Partial<SilenceSubject> = {}): SilenceSubject {
  return {
    id: 'support-latency',
    name: 'Support latency',
    metric: 'latencyP95Ms',
    filters: { useCase: 'support', environment: 'production' },
    labels: { team: 'support' },
    ...overrides,
  }
}

const issuePath = (input: unknown) => {
  const parsed = silenceInput.safeParse(input)
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.path.join('.'))
}

describe('silenceInput', () => {
  it('needs a rule id or a matcher, and either endsAt or duration', () => {
    expect(issuePath({ comment: 'x', duration: '1h' })).toEqual(['ruleId'])
    expect(issuePath({ ruleId: 'r', comment: 'x' })).toEqual(['endsAt'])
    expect(issuePath({ ruleId: 'r', comment: 'x', duration: '1h', endsAt: '2026-03-03T00:00:00Z' })).toEqual([
      'endsAt',
    ])
    expect(issuePath({ ruleId: 'r', comment: 'x', duration: '1h' })).toBeUndefined()
  })

  it('names the field that is wrong: a bad regular expression, a duration too long, a missing comment', () => {
    expect(
      issuePath({ matchers: [{ name: 'team', value: '(', operator: '=~' }], comment: 'x', duration: '1h' }),
    ).toEqual(['matchers.0.value'])
    expect(issuePath({ ruleId: 'r', comment: 'x', duration: '400d' })).toEqual(['duration'])
    expect(issuePath({ ruleId: 'r', comment: ' ', duration: '1h' })).toEqual(['comment'])
  })
})

describe('newSilence', () => {
  const meta = { id: 'new', createdBy: 'key-1', now: new Date(NOW) }

  it('starts now and lasts `duration` unless told otherwise', () => {
    const made = newSilence(silenceInput.parse({ ruleId: 'r', comment: 'deploy', duration: '2h' }), meta)
    expect(made).toEqual({
      silence: {
        id: 'new',
        ruleId: 'r',
        matchers: [],
        startsAt: new Date(NOW).toISOString(),
        endsAt: new Date(NOW + 2 * HOUR).toISOString(),
        comment: 'deploy',
        createdBy: 'key-1',
        createdAt: new Date(NOW).toISOString(),
      },
    })
  })

  it('refuses a silence that would already be over or end before it starts', () => {
    const past = silenceInput.parse({ ruleId: 'r', comment: 'x', endsAt: new Date(NOW - 1).toISOString() })
    expect(newSilence(past, meta)).toEqual({ field: 'endsAt', message: 'must be in the future' })
    const backwards = silenceInput.parse({
      ruleId: 'r',
      comment: 'x',
      startsAt: new Date(NOW + 2 * HOUR).toISOString(),
      endsAt: new Date(NOW + HOUR).toISOString(),
    })
    expect(newSilence(backwards, meta)).toMatchObject({ field: 'endsAt' })
  })
})

describe('silenceMatches', () => {
  it('matches a rule by id', () => {
    expect(silenceMatches(makeSilence({ ruleId: 'support-latency' }), makeRule())).toBe(true)
    expect(silenceMatches(makeSilence({ ruleId: 'other' }), makeRule())).toBe(false)
  })

  it('matches labels and filters, every matcher holding', () => {
    const silence = (matchers: Silence['matchers']) => makeSilence({ matchers })
    expect(silenceMatches(silence([{ name: 'team', value: 'support', operator: '=' }]), makeRule())).toBe(
      true,
    )
    expect(silenceMatches(silence([{ name: 'useCase', value: 'support', operator: '=' }]), makeRule())).toBe(
      true,
    )
    expect(
      silenceMatches(
        silence([
          { name: 'team', value: 'support', operator: '=' },
          { name: 'environment', value: 'staging', operator: '=' },
        ]),
        makeRule(),
      ),
    ).toBe(false)
    expect(
      silenceMatches(silence([{ name: 'metric', value: 'latency.*', operator: '=~' }]), makeRule()),
    ).toBe(true)
    expect(silenceMatches(silence([{ name: 'team', value: 'billing', operator: '!=' }]), makeRule())).toBe(
      true,
    )
    expect(silenceMatches(silence([{ name: 'team', value: 'supp|bill', operator: '!~' }]), makeRule())).toBe(
      true,
    )
  })

  it('anchors regular expressions to the whole value, and reads a missing label as ""', () => {
    const prod = makeSilence({ matchers: [{ name: 'environment', value: 'prod', operator: '=~' }] })
    expect(silenceMatches(prod, makeRule())).toBe(false)
    const noModel = makeSilence({ matchers: [{ name: 'model', value: '', operator: '=' }] })
    expect(silenceMatches(noModel, makeRule())).toBe(true)
    expect(silenceMatches(noModel, makeRule({ filters: { model: 'gpt-4o' } }))).toBe(false)
  })
})

describe('activeSilence', () => {
  it('ignores silences that have expired or not started, though they are kept', () => {
    const expired = makeSilence({
      id: 'old',
      startsAt: new Date(NOW - 2 * HOUR).toISOString(),
      endsAt: new Date(NOW - HOUR).toISOString(),
    })
    const pending = makeSilence({ id: 'later', startsAt: new Date(NOW + HOUR).toISOString() })
    expect(silenceState(expired, NOW)).toBe('expired')
    expect(silenceState(pending, NOW)).toBe('pending')
    expect(activeSilence([expired, pending], makeRule(), NOW)).toBeUndefined()
    const current = makeSilence({ id: 'now' })
    expect(activeSilence([expired, pending, current], makeRule(), NOW)?.id).toBe('now')
  })

  it('ends a silence now when expired, a pending one before it ever starts', () => {
    const at = new Date(NOW)
    expect(silenceState(expireSilence(makeSilence(), at), NOW)).toBe('expired')
    const pending = expireSilence(makeSilence({ startsAt: new Date(NOW + HOUR).toISOString() }), at)
    expect(pending).toMatchObject({ startsAt: at.toISOString(), endsAt: at.toISOString() })
  })
})
