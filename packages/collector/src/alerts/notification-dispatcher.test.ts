import { createHmac, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AlertDeliveryLog } from '../storage/alert-delivery-log.js'
import { type ClickHouseStore, openClickHouseStore } from '../storage/clickhouse-store.js'
import type { DefinitionStore } from '../storage/definition-store.js'
import { migrate } from '../storage/migrator.js'
import { closedPortUrl, type ReceiverAnswer, startWebhookReceiver } from '../testing/webhook-receiver.js'
import { type AlertChannel, channelStore } from './alert-channel.js'
import type { AlertNotification } from './notification.js'
import {
  NotificationDispatcher,
  type NotificationDispatcherOptions,
  type NotificationLog,
} from './notification-dispatcher.js'
import { type Silence, silenceStore } from './silence.js'
import { verifyWebhookSignature } from './webhook-signature.js'

const PROJECT = 'default'
const HOUR = 3_600_000

let dataDir: string
let store: ClickHouseStore
let channels: DefinitionStore<AlertChannel>
let silences: DefinitionStore<Silence>
let deliveries: AlertDeliveryLog
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-dispatcher-'))
  store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } })
  await migrate(store)
  channels = channelStore(store)
  silences = silenceStore(store)
  deliveries = new AlertDeliveryLog(store)
})

beforeAll(async () => {
  await channel({ name: 'log', type: 'log' })
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

afterAll(async () => {
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

interface LogEntry {
  level: 'info' | 'warn' | 'error'
  fields: object
  message: string
}

/** A log that keeps its lines: what the `log` channel writes and what delivery trouble reports. */
function capturingLog(): NotificationLog & { entries: LogEntry[] } {
  const entries: LogEntry[] = []
  const write = (level: LogEntry['level']) => (fields: object, message: string) =>
    entries.push({ level, fields, message })
  return { entries, info: write('info'), warn: write('warn'), error: write('error') }
}

function dispatcher(options: Partial<NotificationDispatcherOptions> = {}) {
  const log = capturingLog()
  const made = new NotificationDispatcher({
    channels,
    silences,
    deliveries,
    log,
    backoffBaseMs: 1,
    backoffMaxMs: 4,
    maxAttempts: 5,
    timeoutMs: 5_000,
    ...options,
  })
  cleanups.push(() => made.close())
  return Object.assign(made, { log })
}

async function receiver(answer: (index: number) => ReceiverAnswer) {
  const started = await startWebhookReceiver((_request, index) => answer(index))
  cleanups.push(() => started.close())
  return started
}

async function channel(definition: AlertChannel): Promise<string> {
  await channels.put({
    projectId: PROJECT,
    id: definition.name,
    source: 'api',
    definition,
    updatedBy: 'test',
  })
  return definition.name
}

function makeNotification(
  overrides: Partial<Omit<AlertNotification, 'rule'>> & { rule?: Partial<AlertNotification['rule']> } = {},
): AlertNotification {
  const eventId = randomUUID()
  const { rule, ...rest } = overrides
  return {
    idempotencyKey: `${eventId}:firing`,
    eventId,
    kind: 'firing',
    projectId: PROJECT,
    state: 'firing',
    severity: 'critical',
    value: 2340,
    threshold: 2000,
    calls: 512,
    firingSince: '2026-01-05T10:00:00.000Z',
    at: '2026-01-05T10:15:00.000Z',
    message: 'p95 latency 2,340 ms > 2,000 ms over 15m (use case support)',
    ...rest,
    rule: {
      id: `rule-${eventId.slice(0, 8)}`,
      name: 'Support latency',
      metric: 'latencyP95Ms',
      filters: { useCase: 'support', environment: 'production' },
      comparison: '>',
      threshold: 2000,
      window: '15m',
      labels: { team: 'support' },
      channels: [],
      ...rule,
    },
  }
}

async function attemptsOf(eventId: string) {
  const rows = await deliveries.query({ projectId: PROJECT, eventId, limit: 100 })
  return rows.reverse() // oldest first
}

describe('NotificationDispatcher', () => {
  it('retries a 503, delivers once, sends the same Idempotency-Key and body each time and records every attempt', async () => {
    const hook = await receiver((index) => (index < 2 ? { status: 503, body: 'busy' } : { status: 200 }))
    const name = await channel({ name: 'flaky', type: 'webhook', url: hook.url })
    const notifier = dispatcher()
    const notification = makeNotification({ rule: { channels: [name] } })

    expect(await notifier.notify(notification)).toBe('queued')
    await notifier.drain()

    expect(hook.requests).toHaveLength(3)
    for (const request of hook.requests) {
      expect(request.headers['idempotency-key']).toBe(notification.idempotencyKey)
      expect(request.body).toBe(hook.requests[0]?.body)
    }
    const attempts = await attemptsOf(notification.eventId)
    expect(attempts.map((a) => [a.attempt, a.status, a.httpStatus])).toEqual([
      [1, 'retrying', 503],
      [2, 'retrying', 503],
      [3, 'delivered', 200],
    ])
    expect(attempts[0]).toMatchObject({ channel: name, ruleId: notification.rule.id, kind: 'firing' })
    expect(attempts[0]?.error).toMatch(/^HTTP 503: busy; attempt 2 in /)
    expect(attempts[2]?.error).toBe('')
  })

  it('makes one attempt when the receiver answers 400, and records why', async () => {
    const hook = await receiver(() => ({ status: 400, body: 'invalid_payload' }))
    const name = await channel({ name: 'refusing', type: 'webhook', url: hook.url })
    const notifier = dispatcher()
    const notification = makeNotification({ rule: { channels: [name] } })

    await notifier.notify(notification)
    await notifier.drain()

    expect(hook.requests).toHaveLength(1)
    const attempts = await attemptsOf(notification.eventId)
    expect(attempts).toHaveLength(1)
    expect(attempts[0]).toMatchObject({ attempt: 1, status: 'failed', httpStatus: 400 })
    expect(attempts[0]?.error).toContain('invalid_payload')
    expect(attempts[0]?.error).toContain('not retried')
    expect(notifier.log.entries.some((entry) => entry.level === 'warn')).toBe(true)
  })

  it('waits as long as a 429’s Retry-After says, up to its cap', async () => {
    const hook = await receiver((index) =>
      index === 0
        ? { status: 429, headers: { 'retry-after': '7' } }
        : index === 1
          ? { status: 429, headers: { 'retry-after': '3600' } }
          : { status: 204 },
    )
    const name = await channel({ name: 'throttling', type: 'webhook', url: hook.url })
    const waits: number[] = []
    const notifier = dispatcher({
      retryAfterMaxMs: 60_000,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    const notification = makeNotification({ rule: { channels: [name] } })

    await notifier.notify(notification)
    await notifier.drain()

    expect(waits).toEqual([7_000, 60_000])
    const attempts = await attemptsOf(notification.eventId)
    expect(attempts.map((a) => [a.status, a.httpStatus])).toEqual([
      ['retrying', 429],
      ['retrying', 429],
      ['delivered', 204],
    ])
  })

  it('retries network errors with growing backoff, then gives up after the last attempt', async () => {
    const name = await channel({ name: 'gone', type: 'webhook', url: await closedPortUrl() })
    const waits: number[] = []
    const notifier = dispatcher({
      maxAttempts: 3,
      backoffBaseMs: 1_000,
      backoffMaxMs: 10_000,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    const notification = makeNotification({ rule: { channels: [name] } })

    await notifier.notify(notification)
    await notifier.drain()

    expect(waits).toEqual([750, 1_500])
    const attempts = await attemptsOf(notification.eventId)
    expect(attempts.map((a) => [a.attempt, a.status, a.httpStatus])).toEqual([
      [1, 'retrying', null],
      [2, 'retrying', null],
      [3, 'failed', null],
    ])
    expect(attempts[2]?.error).toMatch(/network error.*ECONNREFUSED.*gave up after 3 attempts/)
  })

  it('treats a receiver that does not answer in time like a network error', async () => {
    const hook = await receiver((index) => (index === 0 ? 'hang' : { status: 200 }))
    const name = await channel({ name: 'slow', type: 'webhook', url: hook.url })
    const notifier = dispatcher({ timeoutMs: 100 })
    const notification = makeNotification({ rule: { channels: [name] } })

    await notifier.notify(notification)
    await notifier.drain()

    const attempts = await attemptsOf(notification.eventId)
    expect(attempts.map((a) => a.status)).toEqual(['retrying', 'delivered'])
    expect(attempts[0]?.error).toMatch(/^no answer within 100 ms/)
  })

  it('stops at the retry that would start after the maximum age', async () => {
    const name = await channel({ name: 'down', type: 'webhook', url: await closedPortUrl() })
    let now = Date.parse('2026-01-05T10:00:00Z')
    const notifier = dispatcher({
      maxAttempts: 10,
      maxAgeMs: HOUR,
      backoffBaseMs: 20 * 60_000,
      backoffMaxMs: 20 * 60_000,
      random: () => 0.999,
      now: () => now,
      sleep: async (ms) => {
        now += ms
      },
    })
    const notification = makeNotification({ rule: { channels: [name] } })

    await notifier.notify(notification)
    await notifier.drain()

    const attempts = await attemptsOf(notification.eventId)
    expect(attempts.map((a) => a.status)).toEqual(['retrying', 'retrying', 'retrying', 'failed'])
    expect(attempts[3]?.error).toContain('more than 1h after the first')
  })

  it('does not follow redirects', async () => {
    const hook = await receiver(() => ({
      status: 302,
      headers: { location: 'http://127.0.0.1:1/elsewhere' },
    }))
    const name = await channel({ name: 'moved', type: 'webhook', url: hook.url })
    const notifier = dispatcher()
    const notification = makeNotification({ rule: { channels: [name] } })

    await notifier.notify(notification)
    await notifier.drain()

    const attempts = await attemptsOf(notification.eventId)
    expect(attempts).toHaveLength(1)
    expect(attempts[0]).toMatchObject({ status: 'failed', httpStatus: 302 })
    expect(attempts[0]?.error).toContain('redirect')
  })

  it('records a channel the project does not have as failed, and still delivers to the others', async () => {
    const hook = await receiver(() => ({ status: 200 }))
    const name = await channel({ name: 'exists', type: 'webhook', url: hook.url })
    const notifier = dispatcher()
    const notification = makeNotification({ rule: { channels: ['no-such-channel', name] } })

    expect(await notifier.notify(notification)).toBe('queued')
    await notifier.drain()

    const attempts = await attemptsOf(notification.eventId)
    const missing = attempts.find((a) => a.channel === 'no-such-channel')
    expect(missing).toMatchObject({ attempt: 1, status: 'failed', httpStatus: null })
    expect(missing?.error).toContain('channel "no-such-channel" does not exist')
    expect(attempts.find((a) => a.channel === name)?.status).toBe('delivered')
    expect(hook.requests).toHaveLength(1)
  })

  it('sends the versioned webhook payload with the channel’s headers and a signature the receiver can verify', async () => {
    const secret = 'whsec-0123456789abcdef'
    const hook = await receiver(() => ({ status: 200 }))
    const name = await channel({
      name: 'signed',
      type: 'webhook',
      url: hook.url,
      headers: { Authorization: 'Bearer receiver-token' },
      secret,
    })
    const notifier = dispatcher()
    const notification = makeNotification({
      rule: { channels: [name], budget: { period: 'month' } },
      forecast: { value: 1250, periodEnd: '2026-02-01T00:00:00.000Z' },
    })

    await notifier.notify(notification)
    await notifier.drain()

    const [request] = hook.requests
    if (!request) throw new Error('nothing received')
    expect(request.headers.authorization).toBe('Bearer receiver-token')
    expect(request.headers['content-type']).toBe('application/json')
    const header = String(request.headers['vigil-signature'])
    expect(verifyWebhookSignature(secret, request.body, header)).toBe(true)
    expect(verifyWebhookSignature('another-secret-123456', request.body, header)).toBe(false)
    expect(verifyWebhookSignature(secret, `${request.body} `, header)).toBe(false)
    // What a receiver without Vigil's code does: HMAC-SHA256 over "<t>.<raw body>".
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? []
    expect(createHmac('sha256', secret).update(`${t}.${request.body}`).digest('hex')).toBe(v1)

    expect(JSON.parse(request.body)).toEqual({
      version: 1,
      idempotencyKey: notification.idempotencyKey,
      eventId: notification.eventId,
      kind: 'firing',
      state: 'firing',
      severity: 'critical',
      test: false,
      project: { id: PROJECT },
      rule: {
        id: notification.rule.id,
        name: 'Support latency',
        description: null,
        metric: 'latencyP95Ms',
        filters: { useCase: 'support', environment: 'production' },
        comparison: '>',
        threshold: 2000,
        warningThreshold: null,
        window: '15m',
        labels: { team: 'support' },
        budget: { period: 'month' },
      },
      value: 2340,
      threshold: 2000,
      calls: 512,
      message: notification.message,
      firingSince: '2026-01-05T10:00:00.000Z',
      at: '2026-01-05T10:15:00.000Z',
      forecast: { value: 1250, periodEnd: '2026-02-01T00:00:00.000Z' },
    })
  })

  it('sends Slack channels an incoming-webhook message: text for every client, blocks for Slack', async () => {
    const hook = await receiver(() => ({ status: 200, body: 'ok' }))
    const name = await channel({ name: 'slack', type: 'slack', url: hook.url })
    const notifier = dispatcher()
    const notification = makeNotification({
      rule: { channels: [name], name: 'Latency <support> & co' },
      severity: 'warning',
    })

    await notifier.notify(notification)
    await notifier.drain()

    const [request] = hook.requests
    expect(request?.headers['vigil-signature']).toBeUndefined()
    const body = JSON.parse(request?.body ?? '{}')
    expect(Object.keys(body).sort()).toEqual(['blocks', 'text'])
    expect(body.text).toContain(':large_orange_circle: Firing (warning): Latency &lt;support&gt; &amp; co')
    expect(body.text).toContain('p95 latency 2,340 ms &gt; 2,000 ms over 15m')
    expect(body.blocks.map((block: { type: string }) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
    ])
    expect(body.blocks[0].text).toMatchObject({ type: 'plain_text', emoji: true })
    expect(body.blocks[0].text.text.length).toBeLessThanOrEqual(150)
    expect(body.blocks[2].fields.map((field: { text: string }) => field.text.split('\n')[0])).toEqual([
      '*Value*',
      '*Threshold*',
      '*Calls*',
      '*Window*',
      '*Firing since*',
    ])
    expect(body.blocks[3].elements[0].text).toContain(`rule \`${notification.rule.id}\``)
  })

  it('writes a structured line to the collector log for a log channel', async () => {
    const name = await channel({ name: 'log', type: 'log' })
    const notifier = dispatcher()
    const notification = makeNotification({ rule: { channels: [name] } })

    await notifier.notify(notification)
    await notifier.drain()

    const line = notifier.log.entries.find((entry) => entry.message.startsWith('Alert firing'))
    expect(line?.level).toBe('warn')
    expect(line?.fields).toMatchObject({
      channel: name,
      alert: { version: 1, eventId: notification.eventId },
    })
    expect((await attemptsOf(notification.eventId)).map((a) => [a.status, a.httpStatus])).toEqual([
      ['delivered', null],
    ])
  })

  describe('silences', () => {
    const now = Date.now()
    async function silence(definition: Partial<Silence>): Promise<void> {
      const id = randomUUID()
      const stored: Silence = {
        id,
        matchers: [],
        startsAt: new Date(now - HOUR).toISOString(),
        endsAt: new Date(now + HOUR).toISOString(),
        comment: 'maintenance',
        createdBy: 'test',
        createdAt: new Date(now - HOUR).toISOString(),
        ...definition,
      }
      await silences.put({ projectId: PROJECT, id, source: 'api', definition: stored, updatedBy: 'test' })
    }

    it('mutes a rule by id: nothing sent, one `silenced` record per channel', async () => {
      const hook = await receiver(() => ({ status: 200 }))
      const name = await channel({ name: 'muted', type: 'webhook', url: hook.url })
      const notifier = dispatcher()
      const notification = makeNotification({ rule: { id: 'muted-rule', channels: [name, 'log'] } })
      await silence({ ruleId: 'muted-rule', comment: 'deploying the new model' })

      expect(await notifier.notify(notification)).toBe('silenced')
      // The evaluator offers it again at its next ticks: still silenced, recorded once.
      expect(await notifier.notify(notification)).toBe('silenced')
      await notifier.drain()

      expect(hook.requests).toHaveLength(0)
      const attempts = await attemptsOf(notification.eventId)
      expect(attempts.map((a) => [a.channel, a.attempt, a.status]).sort()).toEqual([
        ['log', 0, 'silenced'],
        [name, 0, 'silenced'],
      ])
      expect(attempts[0]?.error).toContain('deploying the new model')
    })

    it('mutes rules whose labels and filters match every matcher, and only those', async () => {
      const notifier = dispatcher()
      await silence({
        matchers: [
          { name: 'team', value: 'billing', operator: '=' },
          { name: 'environment', value: 'prod.*', operator: '=~' },
        ],
      })
      const billing = (environment: string, team = 'billing') =>
        makeNotification({ rule: { labels: { team }, filters: { environment }, channels: ['log'] } })

      expect(await notifier.notify(billing('production'))).toBe('silenced')
      expect(await notifier.notify(billing('staging'))).toBe('queued')
      expect(await notifier.notify(billing('production', 'support'))).toBe('queued')
      await notifier.drain()
    })

    it('does not mute once a silence has expired, nor before it starts', async () => {
      const notifier = dispatcher()
      await silence({
        ruleId: 'expired-rule',
        startsAt: new Date(now - 2 * HOUR).toISOString(),
        endsAt: new Date(now - HOUR).toISOString(),
      })
      await silence({
        ruleId: 'expired-rule',
        startsAt: new Date(now + HOUR).toISOString(),
        endsAt: new Date(now + 2 * HOUR).toISOString(),
      })
      const notification = makeNotification({ rule: { id: 'expired-rule', channels: ['log'] } })

      expect(await notifier.notify(notification)).toBe('queued')
      await notifier.drain()
      expect((await attemptsOf(notification.eventId)).map((a) => a.status)).toEqual(['delivered'])
    })

    it('sends anyway when silences cannot be read', async () => {
      const notifier = dispatcher({
        silences: {
          list: async () => {
            throw new Error('storage down')
          },
        },
      })
      const notification = makeNotification({ rule: { channels: ['log'] } })

      expect(await notifier.notify(notification)).toBe('queued')
      await notifier.drain()
      expect((await attemptsOf(notification.eventId)).map((a) => a.status)).toEqual(['delivered'])
      expect(notifier.log.entries.some((entry) => entry.message.startsWith('Could not read silences'))).toBe(
        true,
      )
    })
  })

  it('refuses deliveries beyond its queue, recording them as failed', async () => {
    const pending: (() => void)[] = []
    const name = await channel({ name: 'stuck', type: 'webhook', url: 'http://127.0.0.1:9/hook' })
    const notifier = dispatcher({
      maxQueued: 1,
      // A receiver that answers only when the test says so.
      fetch: (async () => {
        await new Promise<void>((resolve) => pending.push(resolve))
        return new Response(null, { status: 200 })
      }) as typeof fetch,
    })
    const first = makeNotification({ rule: { channels: [name] } })
    const second = makeNotification({ rule: { channels: [name] } })

    await notifier.notify(first)
    await notifier.notify(second)
    await expect.poll(() => pending.length).toBe(1)
    for (const release of pending) release()
    await notifier.drain()

    expect((await attemptsOf(first.eventId)).map((a) => a.status)).toEqual(['delivered'])
    const refused = await attemptsOf(second.eventId)
    expect(refused.map((a) => [a.attempt, a.status])).toEqual([[0, 'failed']])
    expect(refused[0]?.error).toContain('1 deliveries were queued already')
  })

  it('gives up retries waiting for their time when it closes, and records them', async () => {
    const name = await channel({ name: 'closing', type: 'webhook', url: await closedPortUrl() })
    const notifier = dispatcher({ backoffBaseMs: HOUR, backoffMaxMs: HOUR })
    const notification = makeNotification({ rule: { channels: [name] } })

    await notifier.notify(notification)
    await expect.poll(async () => (await attemptsOf(notification.eventId)).length).toBe(1)
    await notifier.close({ deadlineMs: 1_000 })

    const attempts = await attemptsOf(notification.eventId)
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 'retrying'],
      [2, 'failed'],
    ])
    expect(attempts[1]?.error).toContain('closed before this retry')
    expect(await notifier.notify(makeNotification({ rule: { channels: [name] } }))).toBe('queued')
  })

  it('sends a test notification once and reports the outcome', async () => {
    const hook = await receiver(() => ({ status: 500, body: 'boom' }))
    const notifier = dispatcher()
    const result = await notifier.test(PROJECT, { name: 'tested', type: 'webhook', url: hook.url })

    expect(result).toMatchObject({ channel: 'tested', status: 'failed', httpStatus: 500 })
    expect(result.error).toContain('boom')
    expect(hook.requests).toHaveLength(1)
    expect(JSON.parse(hook.requests[0]?.body ?? '{}')).toMatchObject({ test: true, kind: 'firing' })
    expect((await attemptsOf(result.eventId)).map((a) => [a.kind, a.status, a.ruleId])).toEqual([
      ['test', 'failed', 'vigil-test'],
    ])
  })
})
