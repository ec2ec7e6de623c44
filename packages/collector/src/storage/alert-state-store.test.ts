import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertTransition } from '../alerts/alert-state-machine.js'
import { AlertStateStore, type StoredAlertState } from './alert-state-store.js'
import { type ClickHouseStore, openClickHouseStore } from './clickhouse-store.js'
import { migrate } from './migrator.js'

let dataDir: string
let store: ClickHouseStore
let states: AlertStateStore
// Recent times: alert_events keeps 400 days (TTL), older rows would be dropped.
const BASE = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000
const at = (minutes: number, seconds = 0) => new Date(BASE + minutes * 60_000 + seconds * 1000).toISOString()

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-alert-states-'))
  store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } })
  await migrate(store)
  states = new AlertStateStore(store)
})

afterAll(async () => {
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function makeState(overrides: Partial<StoredAlertState> = {}): StoredAlertState {
  return {
    projectId: 'default',
    ruleId: 'errors',
    state: 'firing',
    severity: 'critical',
    since: at(0),
    value: 0.3,
    calls: 120,
    threshold: 0.1,
    message: 'error rate 30 % > 10 % over 15m',
    evaluatedAt: at(0),
    episode: {
      since: at(0),
      eventId: 'e1',
      severity: 'critical',
      threshold: 0.1,
      notified: false,
      announced: false,
      silencedAt: at(0),
    },
    ...overrides,
  }
}

function makeEvent(id: string, time: string, overrides: Partial<AlertTransition> = {}): AlertTransition {
  return {
    id,
    projectId: 'default',
    ruleId: 'errors',
    ruleName: 'Errors',
    at: time,
    from: 'ok',
    to: 'firing',
    severity: 'critical',
    value: 0.3,
    threshold: 0.1,
    calls: 120,
    message: 'error rate 30 % > 10 % over 15m',
    detail: { metric: 'errorRate' },
    ...overrides,
  }
}

describe('AlertStateStore', () => {
  it('reads back the newest state of a rule with every field of its record', async () => {
    await states.writeStates([makeState()])
    const newer = makeState({
      state: 'error',
      severity: 'none',
      since: at(1),
      value: null,
      calls: 0,
      threshold: null,
      message: 'evaluation failed: timeout',
      evaluatedAt: at(1),
      interrupted: { state: 'firing', since: at(0), severity: 'critical' },
      error: 'timeout',
      forecast: { value: 12.5, periodEnd: '2025-07-01T00:00:00.000Z' },
    })
    await states.writeStates([newer])
    expect(await states.get('default', 'errors')).toEqual(newer)
    expect(await states.get('default', 'missing')).toBeUndefined()
  })

  it("lists one project's states, or every project's", async () => {
    await states.writeStates([
      makeState({ projectId: 'beta', ruleId: 'a' }),
      makeState({ projectId: 'beta', ruleId: 'b', state: 'ok', severity: 'none', episode: undefined }),
    ])
    expect((await states.list('beta')).map((s) => [s.ruleId, s.state])).toEqual([
      ['a', 'firing'],
      ['b', 'ok'],
    ])
    expect((await states.list()).map((s) => `${s.projectId}/${s.ruleId}`)).toEqual([
      'beta/a',
      'beta/b',
      'default/errors',
    ])
  })

  it('lists transitions newest first, each once even when stored twice, within limit and before', async () => {
    await states.appendEvents([
      makeEvent('e1', at(0)),
      makeEvent('e2', at(5), { from: 'firing', to: 'resolved', severity: 'none', value: 0.01 }),
      makeEvent('e3', at(6), { from: 'resolved', to: 'ok', severity: 'none', value: 0.01 }),
      makeEvent('other', at(7), { ruleId: 'latency' }),
    ])
    // A redo after a failed state write stores the same transition again.
    await states.appendEvents([makeEvent('e2', at(5, 30), { from: 'firing', to: 'resolved' })])

    const history = await states.history({ projectId: 'default', ruleId: 'errors', limit: 10 })
    expect(history.map((e) => e.id)).toEqual(['e3', 'e2', 'e1'])
    expect(history[2]).toEqual(makeEvent('e1', at(0)))
    expect(
      (await states.history({ projectId: 'default', ruleId: 'errors', limit: 2 })).map((e) => e.id),
    ).toEqual(['e3', 'e2'])
    const before = await states.history({
      projectId: 'default',
      ruleId: 'errors',
      before: new Date(at(5)),
      limit: 10,
    })
    expect(before.map((e) => e.id)).toEqual(['e1'])
    expect((await states.history({ projectId: 'default', limit: 10 })).map((e) => e.id)).toEqual([
      'other',
      'e3',
      'e2',
      'e1',
    ])
    expect(await states.history({ projectId: 'beta', limit: 10 })).toEqual([])
  })
})
