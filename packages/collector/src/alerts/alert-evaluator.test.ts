import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { AlertStateStore } from '../storage/alert-state-store.js'
import { type ClickHouseStore, openClickHouseStore } from '../storage/clickhouse-store.js'
import { migrate } from '../storage/migrator.js'
import { AlertEvaluator, type EvaluationFailureContext, type TickReport } from './alert-evaluator.js'
import { type AlertRuleInput, alertRuleInput } from './alert-rule.js'
import type { AlertNotification, Notifier } from './notification.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
// Noon UTC today: recent enough for the calls' retention TTL, and mid-day for the daily budget's forecast.
const DAY = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR
const T = DAY + 12 * HOUR

/** A notifier that records what it is handed and answers `silenced` for the rules silenced at the time. */
class RecordingNotifier implements Notifier {
  readonly received: AlertNotification[] = []
  readonly silencedRules = new Set<string>()

  async notify(notification: AlertNotification): Promise<'queued' | 'silenced'> {
    this.received.push(notification)
    return this.silencedRules.has(notification.rule.id) ? 'silenced' : 'queued'
  }

  take(): AlertNotification[] {
    return this.received.splice(0)
  }
}

let dataDir: string
let store: ClickHouseStore
let states: AlertStateStore
const notifier = new RecordingNotifier()
const errors: EvaluationFailureContext[] = []
let clock = T

const evaluator = () =>
  new AlertEvaluator({
    store,
    notifier,
    enabled: true,
    now: () => new Date(clock),
    onError: (_, context) => errors.push(context),
  })

function call(projectId: string, useCase: string, minutesBefore: number, error: boolean, costUsd: number) {
  const start = BigInt(T - minutesBefore * MINUTE) * 1_000_000n
  return {
    project_id: projectId,
    start_time: String(start),
    end_time: String(start + 1_000_000_000n),
    trace_id: randomBytes(16).toString('hex'),
    span_id: randomBytes(8).toString('hex'),
    use_case: useCase,
    provider: 'openai',
    model: 'gpt-4o',
    status: error ? 'error' : 'ok',
    error_type: error ? 'rate_limit' : '',
    duration_ms: 1000,
    cost_usd: costUsd,
  }
}

/**
 * Stores a definition as `alert_rules` holds it (JSON per project and id). Written as a row rather
 * than through DefinitionStore.put, which sends `updated_at` as fractional epoch seconds that the
 * embedded engine refuses.
 */
async function putDefinition(projectId: string, id: string, definition: unknown): Promise<void> {
  await store.client.insert({
    table: store.table('alert_rules'),
    values: [
      {
        project_id: projectId,
        id,
        source: 'api',
        definition: JSON.stringify(definition),
        deleted: 0,
        updated_at: new Date().toISOString().replace('T', ' ').replace('Z', ''),
        updated_by: 'test',
      },
    ],
    format: 'JSONEachRow',
  })
}

const putRule = (projectId: string, id: string, rule: AlertRuleInput) =>
  putDefinition(projectId, id, alertRuleInput.parse(rule))

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-alert-evaluator-'))
  store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } })
  await migrate(store)
  states = new AlertStateStore(store)
  // Support: 10 calls in the 10 minutes before T, 3 of them errors, $0.06 each. Search: 10 calls, no errors.
  const calls = []
  for (let i = 0; i < 10; i++) calls.push(call('alpha', 'support', 10 - i, i < 3, 0.06))
  for (let i = 0; i < 10; i++) calls.push(call('alpha', 'search', 10 - i, false, 0))
  await store.client.insert({ table: store.table('calls'), values: calls, format: 'JSONEachRow' })

  const errorRate = { metric: 'errorRate', comparison: '>', threshold: 0.1 } as const
  await putRule('alpha', 'support-errors', {
    name: 'Support errors',
    ...errorRate,
    filters: { useCase: 'support' },
    minCalls: 5,
    noData: 'ok',
    channels: ['ops'],
  })
  await putRule('alpha', 'search-errors', {
    name: 'Search errors',
    ...errorRate,
    filters: { useCase: 'search' },
  })
  await putRule('alpha', 'support-latency', {
    name: 'Support latency',
    metric: 'latencyP95Ms',
    comparison: '>',
    threshold: 500,
    filters: { useCase: 'support' },
  })
  await putRule('alpha', 'daily-spend', {
    name: 'Daily spend',
    metric: 'costUsd',
    comparison: '>',
    threshold: 1,
    budget: { period: 'day' },
  })
  await putRule('alpha', 'corrections', {
    name: 'Corrections',
    metric: 'correctionRate',
    comparison: '>',
    threshold: 0.5,
  })
  await putRule('alpha', 'disabled', { name: 'Off', ...errorRate, enabled: false })
  await putRule('beta', 'beta-errors', { name: 'Beta errors', ...errorRate })
  // Written by an older or buggy version: no longer a valid rule.
  await putDefinition('alpha', 'broken', {
    name: 'Broken',
    metric: 'nonsense',
    comparison: '>',
    threshold: 1,
  })
})

afterAll(async () => {
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const byRule = (report: TickReport) => new Map(report.states.map((state) => [state.ruleId, state]))
const kinds = (notifications: AlertNotification[]) =>
  notifications.map((n) => `${n.rule.id}:${n.kind}`).sort((a, b) => a.localeCompare(b))

describe('AlertEvaluator', () => {
  it('refuses to evaluate when this instance is not the evaluator', async () => {
    const off = new AlertEvaluator({ store, notifier, enabled: false })
    off.start()
    await expect(off.evaluateNow()).rejects.toThrow(/VIGIL_ALERTS_EVALUATOR=off/)
    await off.close()
    expect(notifier.received).toEqual([])
  })

  it('evaluates every enabled rule of every project, stores states and transitions, notifies', async () => {
    notifier.silencedRules.add('support-latency')
    // A query that fails (the table it reads is gone) puts that rule in `error`; the others go on.
    await store.client.command({
      query: `RENAME TABLE ${store.table('signals')} TO ${store.table('signals_away')}`,
    })
    const first = evaluator()
    let report: TickReport
    try {
      report = await first.evaluateNow()
    } finally {
      await store.client.command({
        query: `RENAME TABLE ${store.table('signals_away')} TO ${store.table('signals')}`,
      })
      await first.close()
    }

    const state = byRule(report)
    expect([...state.keys()].sort()).toEqual([
      'beta-errors',
      'corrections',
      'daily-spend',
      'search-errors',
      'support-errors',
      'support-latency',
    ])
    expect(state.get('support-errors')).toMatchObject({
      projectId: 'alpha',
      state: 'firing',
      severity: 'critical',
      value: 0.3,
      calls: 10,
      threshold: 0.1,
      message: 'error rate 30 % > 10 % over 15m (useCase=support)',
    })
    expect(state.get('search-errors')).toMatchObject({ state: 'ok', value: 0, calls: 10 })
    expect(state.get('beta-errors')).toMatchObject({ projectId: 'beta', state: 'no_data', calls: 0 })
    expect(state.get('corrections')).toMatchObject({
      state: 'error',
      error: expect.stringMatching(/signals/),
    })
    // $0.60 by noon: within the $1 limit, but heading for $1.20 by midnight.
    expect(state.get('daily-spend')).toMatchObject({ state: 'firing', severity: 'warning', calls: 20 })
    expect(state.get('daily-spend')?.value).toBeCloseTo(0.6, 9)
    expect(report.failures).toEqual([
      { projectId: 'alpha', ruleId: 'broken', error: expect.stringMatching(/metric/) },
    ])
    expect(errors).toEqual([expect.objectContaining({ stage: 'rule', projectId: 'alpha', ruleId: 'broken' })])

    const sent = notifier.take()
    expect(kinds(sent)).toEqual([
      'corrections:error',
      'daily-spend:firing',
      'support-errors:firing',
      'support-latency:firing',
    ])
    const spend = sent.find((n) => n.rule.id === 'daily-spend')
    expect(spend?.forecast?.periodEnd).toBe(new Date(DAY + 24 * HOUR).toISOString())
    expect(spend?.forecast?.value).toBeCloseTo(1.2, 9)
    expect(report.notifications.find((n) => n.notification.rule.id === 'support-latency')?.answer).toBe(
      'silenced',
    )

    // What was stored is what the report says, and the history explains why it fired.
    expect(await states.get('alpha', 'support-errors')).toEqual(state.get('support-errors'))
    expect(await states.get('alpha', 'disabled')).toBeUndefined()
    const [fired] = await states.history({ projectId: 'alpha', ruleId: 'support-errors', limit: 10 })
    expect(fired).toMatchObject({
      from: 'ok',
      to: 'firing',
      value: 0.3,
      threshold: 0.1,
      calls: 10,
      at: new Date(T).toISOString(),
      message: 'error rate 30 % > 10 % over 15m (useCase=support)',
    })
    expect(sent.find((n) => n.rule.id === 'support-errors')?.eventId).toBe(fired?.id)
  })

  it('continues from the stored states after a restart: owed notifications go out once the silence ends', async () => {
    const silencedKey = (await states.get('alpha', 'support-latency'))?.episode?.eventId
    notifier.silencedRules.clear()
    clock = T + MINUTE
    const restarted = evaluator()
    const report = await restarted.evaluateNow()
    await restarted.close()

    const sent = notifier.take()
    // Already notified rules stay quiet; the silenced firing is sent now.
    expect(kinds(sent)).toEqual(['support-latency:firing'])
    expect(sent[0]?.eventId).toBe(silencedKey)
    expect(byRule(report).get('corrections')).toMatchObject({ state: 'ok' })
    expect(report.transitions.map((t) => `${t.ruleId}:${t.from}→${t.to}`)).toEqual(['corrections:error→ok'])
    expect((await states.get('alpha', 'support-latency'))?.episode).toMatchObject({ notified: true })
  })

  it('resolves once the window holds no breach, with one resolve notification', async () => {
    // Twenty minutes on, the support calls are out of the 15 minute window.
    const later = evaluator()
    clock = T + 20 * MINUTE
    const report = await later.evaluateNow()
    clock = T + 21 * MINUTE
    await later.evaluateNow()
    await later.close()

    expect(byRule(report).get('support-errors')).toMatchObject({ state: 'resolved', calls: 0 })
    // Too few calls is no data for the latency rule, which does not resolve it.
    expect(byRule(report).get('support-latency')).toMatchObject({ state: 'no_data' })
    expect(kinds(notifier.take())).toEqual(['support-errors:resolved'])
    const history = await states.history({ projectId: 'alpha', ruleId: 'support-errors', limit: 10 })
    expect(history.map((event) => `${event.from}→${event.to}`)).toEqual([
      'resolved→ok',
      'firing→resolved',
      'ok→firing',
    ])
  })

  it('never overlaps two ticks: a second one waits and sees the first one’s states', async () => {
    // "No traffic at all": judged even with no calls (minCalls 0).
    await putRule('gamma', 'quiet', {
      name: 'Quiet',
      metric: 'calls',
      comparison: '<',
      threshold: 1,
      minCalls: 0,
    })
    const busy = evaluator()
    clock = T + 40 * MINUTE
    const [a, b] = await Promise.all([busy.evaluateNow(), busy.evaluateNow()])
    await busy.close()
    // 0 calls < 1: firing. Run together, both ticks would read no state and both notify.
    const gamma = notifier.take().filter((n) => n.projectId === 'gamma')
    expect(gamma.map((n) => n.kind)).toEqual(['firing'])
    expect(a.transitions.filter((t) => t.projectId === 'gamma')).toHaveLength(1)
    expect(b.transitions.filter((t) => t.projectId === 'gamma')).toHaveLength(0)
  })

  it('evaluates on its own once started, and close() waits for the tick in progress', async () => {
    await putRule('delta', 'quiet', {
      name: 'Quiet',
      metric: 'calls',
      comparison: '<',
      threshold: 1,
      minCalls: 0,
    })
    clock = T + 50 * MINUTE
    const scheduled = evaluator()
    scheduled.start()
    await vi.waitFor(async () => expect((await states.get('delta', 'quiet'))?.state).toBe('firing'), {
      timeout: 20_000,
    })
    let settled = false
    const tick = scheduled.evaluateNow().then(() => {
      settled = true
    })
    await scheduled.close()
    expect(settled).toBe(true)
    await tick
    await expect(scheduled.evaluateNow()).rejects.toThrow(/closed/)
  })
})
