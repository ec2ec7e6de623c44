import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'
import { makeJsonSpan, makeJsonTraceRequest } from './support/otlp-fixtures.js'

/**
 * Alert rules through the API, evaluated by the collector's own evaluator
 * against calls sent over OTLP, notifying a real webhook receiver on a
 * loopback port: the loop an on-call person relies on.
 */

const ADMIN = 'alerts-api-admin-key-0123456789'
const READ = 'alerts-api-read-key-0123456789'
const collector = useTestCollector({
  name: 'alerts-api',
  apiKey: ADMIN,
  keys: [{ key: READ, projectId: 'default', scopes: ['read'] }],
  // Ticks only when asked (POST /api/v1/alerts/evaluate): the test decides when rules are judged.
  alerts: { evaluator: true, intervalMs: 3_600_000 },
})

interface Received {
  body: Record<string, unknown>
  idempotencyKey: string | undefined
}
const received: Received[] = []
let receiver: Server
let receiverUrl: string

beforeAll(async () => {
  receiver = createServer((request: IncomingMessage, response) => {
    let text = ''
    request.on('data', (chunk) => {
      text += chunk
    })
    request.on('end', () => {
      received.push({
        body: JSON.parse(text) as Record<string, unknown>,
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      })
      response.writeHead(200).end()
    })
  })
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
})

afterAll(async () => {
  await new Promise((done) => receiver.close(done))
})

async function sendCalls(count: number, errors: number, useCase = 'support'): Promise<void> {
  const spans = Array.from({ length: count }, (_, i) =>
    makeJsonSpan({ useCase, durationMs: 100, ...(i < errors ? { errorType: '500' } : {}) }),
  )
  const response = await collector.send('POST', '/v1/traces', ADMIN, makeJsonTraceRequest(spans))
  expect(response.status).toBe(200)
  await response.arrayBuffer()
}

/** Deliveries run in the background: wait until the receiver has seen `count` of them. */
async function receivedAtLeast(count: number): Promise<Received[]> {
  for (let i = 0; i < 200 && received.length < count; i++) await new Promise((done) => setTimeout(done, 25))
  return received
}

const rule = {
  id: 'support-errors',
  name: 'Support fails too often',
  metric: 'errorRate',
  filters: { useCase: 'support' },
  comparison: '>',
  threshold: 0.2,
  warningThreshold: 0.1,
  window: '15m',
  minCalls: 5,
  channels: ['hook'],
}

describe('alert rules', () => {
  it('names the field and what is allowed when a rule is invalid', async () => {
    const badMetric = await collector.call('POST', '/api/v1/alerts', ADMIN, { ...rule, metric: 'errorz' })
    expect(badMetric.status).toBe(400)
    expect(badMetric.body.error.message).toMatch(/metric.*unknown metric "errorz".*errorRate/s)
    const badWarning = await collector.call('POST', '/api/v1/alerts', ADMIN, {
      ...rule,
      warningThreshold: 0.5,
    })
    expect(badWarning.status).toBe(400)
    expect(badWarning.body.error.message).toMatch(/warningThreshold.*below the threshold/s)
    const badWindow = await collector.call('POST', '/api/v1/alerts', ADMIN, { ...rule, window: '15 minutes' })
    expect(badWindow.status).toBe(400)
    expect(badWindow.body.error.message).toMatch(/window.*not a duration/s)
    const noChannel = await collector.call('POST', '/api/v1/alerts', ADMIN, rule)
    expect(noChannel.status).toBe(400)
    expect(noChannel.body.error.message).toMatch(/channels.*no channel "hook"/s)
  })

  it('lets only admin keys change rules', async () => {
    const answer = await collector.call('POST', '/api/v1/alerts', READ, rule)
    expect(answer.status).toBe(403)
  })

  it('creates a rule that starts without a state', async () => {
    const channel = await collector.call('POST', '/api/v1/alert-channels', ADMIN, {
      name: 'hook',
      type: 'webhook',
      url: receiverUrl,
    })
    expect(channel.status, JSON.stringify(channel.body)).toBe(201)
    const created = await collector.call('POST', '/api/v1/alerts', ADMIN, rule)
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({ id: 'support-errors', source: 'api', for: '0', status: null })
    const again = await collector.call('POST', '/api/v1/alerts', ADMIN, rule)
    expect(again.status).toBe(409)
    const listed = await collector.get('/api/v1/alerts', READ)
    expect(listed.body.rules.map((r: { id: string }) => r.id)).toEqual(['support-errors'])
  })

  it('judges no data below minCalls, then fires and notifies the webhook once per transition', async () => {
    await sendCalls(3, 3)
    const quiet = await collector.call('POST', '/api/v1/alerts/evaluate', ADMIN)
    expect(quiet.status, JSON.stringify(quiet.body)).toBe(200)
    expect(quiet.body.rules[0].status).toMatchObject({ state: 'no_data', calls: 3 })

    await sendCalls(7, 0) // 3 errors in 10 calls: 30 % > 20 %
    const fired = await collector.call('POST', '/api/v1/alerts/evaluate', ADMIN)
    expect(fired.body.rules[0].status).toMatchObject({ state: 'firing', severity: 'critical', calls: 10 })
    expect(fired.body.rules[0].status.value).toBeCloseTo(0.3)

    const [first] = await receivedAtLeast(1)
    expect(first?.body).toMatchObject({ kind: 'firing', severity: 'critical' })
    expect(first?.idempotencyKey).toEqual(expect.any(String))

    // Still firing: no second notification before repeatInterval (4h).
    await collector.call('POST', '/api/v1/alerts/evaluate', ADMIN)
    const deliveries = await collector.get('/api/v1/alert-deliveries?ruleId=support-errors', READ)
    expect(deliveries.status).toBe(200)
    expect(
      deliveries.body.deliveries.filter((d: { status: string }) => d.status === 'delivered'),
    ).toHaveLength(1)
  })

  it('keeps the state when the rule changes, and resolves once when it no longer breaches', async () => {
    const updated = await collector.call('PUT', '/api/v1/alerts/support-errors', ADMIN, {
      ...rule,
      threshold: 0.5,
    })
    expect(updated.status, JSON.stringify(updated.body)).toBe(200)
    expect(updated.body.status.state).toBe('firing')
    const resolved = await collector.call('POST', '/api/v1/alerts/evaluate', ADMIN)
    // 30 % is above the warning threshold (10 %) only: still firing, as a warning.
    expect(resolved.body.rules[0].status).toMatchObject({ state: 'firing', severity: 'warning' })
    await collector.call('PUT', '/api/v1/alerts/support-errors', ADMIN, {
      ...rule,
      threshold: 0.5,
      warningThreshold: 0.4,
    })
    const calm = await collector.call('POST', '/api/v1/alerts/evaluate', ADMIN)
    expect(calm.body.rules[0].status.state).toBe('resolved')
    const kinds = (await receivedAtLeast(3)).map((r) => r.body.kind)
    expect(kinds).toEqual(['firing', 'firing', 'resolved'])
    expect(new Set(received.map((r) => r.idempotencyKey)).size).toBe(3)
  })

  it('answers "why did it fire" from the history, newest first', async () => {
    const detail = await collector.get('/api/v1/alerts/support-errors', READ)
    expect(detail.status).toBe(200)
    const states = detail.body.history.map((t: { from: string; to: string }) => `${t.from}>${t.to}`)
    expect(states).toEqual(['firing>resolved', 'firing>firing', 'no_data>firing', 'ok>no_data'])
    expect(detail.body.history[2]).toMatchObject({ severity: 'critical', threshold: 0.2, calls: 10 })
    expect(detail.body.history[2].message).toMatch(/error rate/i)
  })

  it('deletes a rule and keeps its history', async () => {
    const deleted = await collector.call('DELETE', '/api/v1/alerts/support-errors', ADMIN)
    expect(deleted.status).toBe(200)
    expect((await collector.get('/api/v1/alerts/support-errors', READ)).status).toBe(404)
    const history = await collector.get('/api/v1/alerts/history?ruleId=support-errors', READ)
    expect(history.body.transitions).toHaveLength(4)
    const audit = await collector.get('/api/v1/audit?action=alert.*', ADMIN)
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'alert.delete',
      'alert.update',
      'alert.update',
      'alert.create',
    ])
  })
})
