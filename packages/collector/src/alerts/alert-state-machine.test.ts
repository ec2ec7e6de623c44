import { describe, expect, it } from 'vitest'
import { type AlertRule, type AlertRuleInput, alertRuleInput } from './alert-rule.js'
import {
  type AlertStateRecord,
  type AlertStep,
  advanceAlert,
  type EvaluationOutcome,
} from './alert-state-machine.js'
import { acknowledge } from './owed-notifications.js'

const T0 = Date.parse('2025-06-10T12:00:00.000Z')
const MINUTE = 60_000

function makeRule(overrides: Partial<AlertRuleInput> = {}): AlertRule {
  return {
    ...alertRuleInput.parse({
      name: 'Support error rate',
      metric: 'errorRate',
      comparison: '>',
      threshold: 0.1,
      filters: { useCase: 'support' },
      ...overrides,
    }),
    id: 'support-errors',
    source: 'api',
  }
}

const breach = (value = 0.3, calls = 100): EvaluationOutcome => ({ value, calls })
const calm = (value = 0.01, calls = 100): EvaluationOutcome => ({ value, calls })
const failure = (error = 'Code: 60. Table vigil.calls does not exist'): EvaluationOutcome => ({ error })

/**
 * A rule evaluated over time as the evaluator does it: step, answer every
 * notification (`queued` unless told otherwise), keep the acknowledged record.
 */
class RuleTimeline {
  record: AlertStateRecord | undefined
  readonly steps: AlertStep[] = []

  constructor(
    readonly rule: AlertRule,
    readonly projectId = 'default',
  ) {}

  at(minutes: number, outcome: EvaluationOutcome, answer: 'queued' | 'silenced' = 'queued'): AlertStep {
    const now = new Date(T0 + minutes * MINUTE)
    const step = advanceAlert({
      projectId: this.projectId,
      rule: this.rule,
      previous: this.record,
      outcome,
      now,
    })
    let record = step.record
    for (const notification of step.notifications) record = acknowledge(record, notification, answer, now)
    this.record = record
    this.steps.push(step)
    return step
  }

  get notifications() {
    return this.steps.flatMap((step) => step.notifications)
  }

  get transitions() {
    return this.steps.flatMap((step) =>
      step.transition ? [`${step.transition.from}→${step.transition.to}`] : [],
    )
  }
}

describe('advanceAlert', () => {
  it('keeps a breach shorter than `for` pending and returns to ok without notifying', () => {
    const timeline = new RuleTimeline(makeRule({ for: '5m' }))
    expect(timeline.at(0, breach()).record.state).toBe('pending')
    expect(timeline.at(2, breach()).record.state).toBe('pending')
    expect(timeline.at(4.5, breach()).record.state).toBe('pending')
    expect(timeline.at(5.5, calm()).record.state).toBe('ok')
    expect(timeline.notifications).toEqual([])
    expect(timeline.transitions).toEqual(['ok→pending', 'pending→ok'])
  })

  it('fires once the breach has lasted `for`, and notifies once', () => {
    const timeline = new RuleTimeline(makeRule({ for: '5m' }))
    timeline.at(0, breach())
    expect(timeline.at(4, breach()).record.state).toBe('pending')
    const fired = timeline.at(5, breach())
    expect(fired.record.state).toBe('firing')
    expect(fired.record.since).toBe(new Date(T0 + 5 * MINUTE).toISOString())
    expect(timeline.at(6, breach()).notifications).toEqual([])
    expect(timeline.notifications.map((n) => n.kind)).toEqual(['firing'])
    expect(timeline.transitions).toEqual(['ok→pending', 'pending→firing'])
  })

  it('fires at once with `for: 0`, naming the breach in a readable message', () => {
    const timeline = new RuleTimeline(makeRule({ metric: 'latencyP95Ms', threshold: 2000 }))
    const step = timeline.at(0, breach(2340))
    expect(step.record.state).toBe('firing')
    expect(step.transition).toMatchObject({
      from: 'ok',
      to: 'firing',
      value: 2340,
      threshold: 2000,
      calls: 100,
    })
    expect(step.notifications).toHaveLength(1)
    expect(step.notifications[0]).toMatchObject({
      kind: 'firing',
      state: 'firing',
      severity: 'critical',
      value: 2340,
      threshold: 2000,
      eventId: step.transition?.id,
      firingSince: new Date(T0).toISOString(),
      message: 'p95 latency 2,340 ms > 2,000 ms over 15m (useCase=support)',
    })
  })

  it('sends exactly one resolve per firing episode, then returns to ok on the next calm evaluation', () => {
    const timeline = new RuleTimeline(makeRule())
    timeline.at(0, breach())
    const resolved = timeline.at(1, calm())
    expect(resolved.record.state).toBe('resolved')
    expect(resolved.notifications.map((n) => n.kind)).toEqual(['resolved'])
    expect(resolved.notifications[0]).toMatchObject({
      state: 'resolved',
      severity: 'critical',
      threshold: 0.1,
      firingSince: new Date(T0).toISOString(),
      eventId: resolved.transition?.id,
    })
    expect(timeline.at(2, calm()).record.state).toBe('ok')
    timeline.at(3, calm())
    expect(timeline.notifications.map((n) => n.kind)).toEqual(['firing', 'resolved'])
    expect(timeline.transitions).toEqual(['ok→firing', 'firing→resolved', 'resolved→ok'])
  })

  it('repeats while firing only once `repeatInterval` has passed since the last notification sent', () => {
    const timeline = new RuleTimeline(makeRule({ repeatInterval: '1h' }))
    timeline.at(0, breach())
    for (const minute of [10, 30, 59]) expect(timeline.at(minute, breach()).notifications).toEqual([])
    const repeat = timeline.at(60, breach())
    expect(repeat.notifications.map((n) => n.kind)).toEqual(['repeat'])
    expect(timeline.at(61, breach()).notifications).toEqual([])
    expect(timeline.at(119, breach()).notifications).toEqual([])
    expect(timeline.at(121, breach()).notifications.map((n) => n.kind)).toEqual(['repeat'])
    const keys = timeline.notifications.map((n) => n.idempotencyKey)
    expect(new Set(keys).size).toBe(3)
    // A repeat names the transition it repeats.
    expect(repeat.notifications[0]?.eventId).toBe(timeline.steps[0]?.transition?.id)
  })

  it('keeps a silenced firing owed and sends it, with the same key, once the silence is over', () => {
    const timeline = new RuleTimeline(makeRule())
    const first = timeline.at(0, breach(), 'silenced')
    expect(timeline.record?.episode).toMatchObject({ notified: false, announced: false })
    const during = timeline.at(1, breach(), 'silenced')
    const after = timeline.at(2, breach())
    expect(after.notifications.map((n) => n.kind)).toEqual(['firing'])
    expect(after.notifications[0]?.idempotencyKey).toBe(first.notifications[0]?.idempotencyKey)
    expect(during.notifications[0]?.idempotencyKey).toBe(first.notifications[0]?.idempotencyKey)
    expect(timeline.at(3, breach()).notifications).toEqual([])
    expect(timeline.at(4, calm()).notifications.map((n) => n.kind)).toEqual(['resolved'])
  })

  it('does not announce the end of an episode nobody was told about', () => {
    const timeline = new RuleTimeline(makeRule())
    timeline.at(0, breach(), 'silenced')
    timeline.at(1, breach(), 'silenced')
    const resolved = timeline.at(2, calm(), 'silenced')
    expect(resolved.record.state).toBe('resolved')
    expect(resolved.notifications).toEqual([])
  })

  it('counts repeats from the last notification actually sent, not from a silenced one', () => {
    const timeline = new RuleTimeline(makeRule({ repeatInterval: '1h' }))
    timeline.at(0, breach())
    expect(timeline.at(60, breach(), 'silenced').notifications.map((n) => n.kind)).toEqual(['repeat'])
    // Still due (the silenced one was not sent): offered again, same key.
    const offered = timeline.at(70, breach())
    expect(offered.notifications.map((n) => n.kind)).toEqual(['repeat'])
    expect(offered.notifications[0]?.idempotencyKey).toBe(timeline.steps[1]?.notifications[0]?.idempotencyKey)
    expect(timeline.at(129, breach()).notifications).toEqual([])
    expect(timeline.at(130, breach()).notifications.map((n) => n.kind)).toEqual(['repeat'])
  })

  describe('below minCalls', () => {
    const few = { value: 0.5, calls: 3 }

    it('`no_data`: a state of its own that does not end a firing episode', () => {
      const timeline = new RuleTimeline(makeRule({ minCalls: 10 }))
      timeline.at(0, breach())
      const gap = timeline.at(1, few)
      expect(gap.record).toMatchObject({ state: 'no_data', severity: 'none', value: 0.5, calls: 3 })
      expect(gap.record.message).toBe(
        'no data: 3 calls over 15m, fewer than the 10 the rule needs (useCase=support)',
      )
      expect(gap.notifications).toEqual([])
      // Breaching again continues the episode: no second firing notification.
      expect(timeline.at(2, breach()).notifications).toEqual([])
      expect(timeline.at(3, calm()).notifications.map((n) => n.kind)).toEqual(['resolved'])
      expect(timeline.transitions).toEqual([
        'ok→firing',
        'firing→no_data',
        'no_data→firing',
        'firing→resolved',
      ])
    })

    it('`no_data`: a pending breach starts over after a gap', () => {
      const timeline = new RuleTimeline(makeRule({ minCalls: 10, for: '5m' }))
      timeline.at(0, breach())
      timeline.at(3, few)
      expect(timeline.at(6, breach()).record.state).toBe('pending')
      expect(timeline.at(11, breach()).record.state).toBe('firing')
    })

    it('`ok`: treated as calm, so a firing rule resolves', () => {
      const timeline = new RuleTimeline(makeRule({ minCalls: 10, noData: 'ok' }))
      timeline.at(0, breach())
      const step = timeline.at(1, few)
      expect(step.record.state).toBe('resolved')
      expect(step.notifications.map((n) => n.kind)).toEqual(['resolved'])
      expect(step.record.message).toContain('treated as ok')
    })

    it('`firing`: treated as a critical breach', () => {
      const timeline = new RuleTimeline(makeRule({ minCalls: 10, noData: 'firing' }))
      const step = timeline.at(0, { value: null, calls: 0 })
      expect(step.record).toMatchObject({ state: 'firing', severity: 'critical' })
      expect(step.notifications.map((n) => n.kind)).toEqual(['firing'])
    })

    it('`keep`: the last state stays, a firing one with its repeats', () => {
      const timeline = new RuleTimeline(
        makeRule({ minCalls: 10, noData: 'keep', repeatInterval: '1h', for: '5m' }),
      )
      expect(timeline.at(0, few).record.state).toBe('no_data')
      timeline.at(1, breach())
      expect(timeline.at(2, few).record.state).toBe('pending')
      timeline.at(6, breach())
      expect(timeline.at(7, few).record.state).toBe('firing')
      expect(timeline.at(66, few).notifications.map((n) => n.kind)).toEqual(['repeat'])
    })

    it('treats a metric without a value as no data even with enough calls', () => {
      const timeline = new RuleTimeline(makeRule({ metric: 'ttftP95Ms', threshold: 500 }))
      const step = timeline.at(0, { value: null, calls: 40 })
      expect(step.record.state).toBe('no_data')
      expect(step.record.message).toBe(
        'no data: p95 time to first token has no value over 15m (40 calls) (useCase=support)',
      )
    })
  })

  describe('a failed query', () => {
    it('is `error`, never `resolved`: one error notification, and the episode continues after it', () => {
      const timeline = new RuleTimeline(makeRule())
      timeline.at(0, breach())
      const failed = timeline.at(1, failure())
      expect(failed.record).toMatchObject({
        state: 'error',
        value: null,
        error: expect.stringContaining('Code: 60'),
      })
      expect(failed.notifications.map((n) => n.kind)).toEqual(['error'])
      expect(failed.notifications[0]?.message).toBe(
        'evaluation failed: Code: 60. Table vigil.calls does not exist',
      )
      expect(timeline.at(2, failure()).notifications).toEqual([])
      // Still breaching after the error: the firing episode carries on, nobody is paged again.
      const back = timeline.at(3, breach())
      expect(back.record.state).toBe('firing')
      expect(back.record.since).toBe(new Date(T0).toISOString())
      expect(back.notifications).toEqual([])
      expect(timeline.at(4, calm()).notifications.map((n) => n.kind)).toEqual(['resolved'])
      expect(timeline.transitions).toEqual(['ok→firing', 'firing→error', 'error→firing', 'firing→resolved'])
    })

    it('lets a pending breach keep its start, so one failed query does not restart `for`', () => {
      const timeline = new RuleTimeline(makeRule({ for: '10m' }))
      timeline.at(0, breach())
      timeline.at(5, failure())
      expect(timeline.at(10, breach()).record.state).toBe('firing')
    })

    it('after an ok rule goes back to ok with no notification but the one error', () => {
      const timeline = new RuleTimeline(makeRule())
      timeline.at(0, calm())
      timeline.at(1, failure())
      expect(timeline.at(2, calm()).record.state).toBe('ok')
      expect(timeline.notifications.map((n) => n.kind)).toEqual(['error'])
    })
  })

  it('fires `warning` on the warning threshold and notifies each severity change', () => {
    const timeline = new RuleTimeline(makeRule({ threshold: 0.1, warningThreshold: 0.05 }))
    const warning = timeline.at(0, breach(0.07))
    expect(warning.notifications[0]).toMatchObject({ kind: 'firing', severity: 'warning', threshold: 0.05 })
    expect(warning.notifications[0]?.message).toBe(
      'error rate 7 % > 5 % (warning; critical > 10 %) over 15m (useCase=support)',
    )
    const critical = timeline.at(1, breach(0.2))
    expect(critical.notifications[0]).toMatchObject({ kind: 'firing', severity: 'critical', threshold: 0.1 })
    expect(critical.transition).toMatchObject({ from: 'firing', to: 'firing', severity: 'critical' })
    expect(timeline.at(2, breach(0.25)).notifications).toEqual([])
    expect(timeline.at(3, breach(0.06)).notifications[0]).toMatchObject({
      kind: 'firing',
      severity: 'warning',
    })
    const resolved = timeline.at(4, calm())
    expect(resolved.notifications[0]).toMatchObject({ kind: 'resolved', severity: 'warning' })
    const keys = timeline.notifications.map((n) => n.idempotencyKey)
    expect(new Set(keys).size).toBe(keys.length)
    // Every firing episode keeps its start through severity changes.
    expect(new Set(timeline.notifications.map((n) => n.firingSince))).toEqual(
      new Set([new Date(T0).toISOString()]),
    )
  })

  describe('ids and idempotency keys', () => {
    it('are the same when an evaluator departs again from the same stored record, even later', () => {
      const rule = makeRule({ for: '5m' })
      const pending = advanceAlert({
        projectId: 'p',
        rule,
        previous: undefined,
        outcome: breach(),
        now: new Date(T0),
      })
      const fire = (minutes: number) =>
        advanceAlert({
          projectId: 'p',
          rule,
          previous: pending.record,
          outcome: breach(),
          now: new Date(T0 + minutes * MINUTE),
        })
      // The first attempt notified and then crashed before storing; the next tick redoes it.
      const first = fire(5)
      const redo = fire(5.5)
      expect(redo.transition?.id).toBe(first.transition?.id)
      expect(redo.notifications[0]?.idempotencyKey).toBe(first.notifications[0]?.idempotencyKey)
      expect(first.notifications[0]?.idempotencyKey).toMatch(/^[0-9a-f]{32}$/)
    })

    it('differ between projects, rules and transitions', () => {
      const step = (projectId: string, id: string) =>
        advanceAlert({
          projectId,
          rule: { ...makeRule(), id },
          previous: undefined,
          outcome: breach(),
          now: new Date(T0),
        }).notifications[0]?.idempotencyKey
      const keys = [step('a', 'r1'), step('b', 'r1'), step('a', 'r2')]
      expect(new Set(keys).size).toBe(3)
      const timeline = new RuleTimeline(makeRule())
      timeline.at(0, breach())
      timeline.at(1, calm())
      timeline.at(2, calm())
      timeline.at(3, breach())
      const [firing, resolved, again] = timeline.notifications
      expect(new Set([firing?.idempotencyKey, resolved?.idempotencyKey, again?.idempotencyKey]).size).toBe(3)
      expect(new Set(timeline.steps.flatMap((s) => (s.transition ? [s.transition.id] : []))).size).toBe(4)
    })
  })
})

describe('acknowledge', () => {
  it('ignores an answer about a notification the record has moved past', () => {
    const timeline = new RuleTimeline(makeRule({ warningThreshold: 0.05 }))
    const warning = timeline.at(0, breach(0.07), 'silenced')
    timeline.at(1, breach(0.2), 'silenced')
    const stale = warning.notifications[0]
    if (!stale || !timeline.record) throw new Error('expected a firing notification and a record')
    const record = acknowledge(timeline.record, stale, 'queued', new Date(T0 + 2 * MINUTE))
    expect(record.episode?.notified).toBe(false)
  })
})
