import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_MASK } from '../alerts/alert-channel.js'
import { useAlertingApiApp } from '../testing/alerting-api-app.js'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js'

const ADMIN = 'admin-key-0123456789abcdef' // default project, every scope
const READER = 'reader-key-0123456789abcdef' // default project, read only
const OTHER = 'other-key-0123456789abcdef' // project "other", every scope
const PATH = '/api/v1/alert-channels'

const api = useAlertingApiApp({
  name: 'alert-channels-api',
  adminKey: ADMIN,
  keys: [
    { key: READER, projectId: 'default', scopes: ['read'] },
    { key: OTHER, projectId: 'other', scopes: ['ingest', 'read', 'admin'] },
  ],
})

let receiver: WebhookReceiver
beforeAll(async () => {
  receiver = await startWebhookReceiver(() => ({ status: 200 }))
})
afterAll(async () => {
  await receiver?.close()
})

const ops = {
  name: 'ops',
  type: 'webhook',
  url: 'https://hooks.example.com/vigil/T0K3N',
  headers: { Authorization: 'Bearer s3cret' },
  secret: 'whsec-0123456789abcdef',
}

describe('alert channels API', () => {
  it('creates a channel and never shows its secrets', async () => {
    const created = await api.call('POST', PATH, ADMIN, ops)
    expect(created.status).toBe(201)
    const masked = {
      name: 'ops',
      type: 'webhook',
      url: `https://hooks.example.com/${SECRET_MASK}`,
      headers: { Authorization: SECRET_MASK },
      secret: SECRET_MASK,
      source: 'api',
    }
    expect(created.body).toMatchObject(masked)
    expect((await api.call('GET', PATH, READER)).body.channels).toEqual([expect.objectContaining(masked)])
    expect((await api.call('GET', `${PATH}/ops`, READER)).body).toMatchObject(masked)
    expect(JSON.stringify((await api.call('GET', PATH, ADMIN)).body)).not.toMatch(/s3cret|T0K3N|whsec/)
    // Stored as given.
    expect((await api.channels.get('default', 'ops'))?.definition).toEqual(ops)
  })

  it('answers 400 naming the field that is wrong', async () => {
    const cases: [unknown, string][] = [
      [{ ...ops, name: 'b', url: 'ftp://example.com/' }, 'Invalid field "url": must be http:// or https://'],
      [{ name: 'b', type: 'email' }, 'Invalid field "type": must be one of: webhook, slack, log'],
      [
        { ...ops, name: 'b', headers: { 'Content-Type': 'text/plain' } },
        'Invalid field "headers["Content-Type"]"',
      ],
      [{ ...ops, name: 'b', secret: 'short' }, 'Invalid field "secret": must be at least 16 characters'],
      [
        { ...ops, name: 'b', secret: SECRET_MASK },
        'Invalid field "secret": "<secret>" stands for a stored value',
      ],
      [{ ...ops, name: 'has space' }, 'Invalid field "name"'],
      [{ name: 'b', type: 'log', level: 'warn' }, 'Unknown field "level"'],
    ]
    for (const [body, message] of cases) {
      const { status, body: answer } = await api.call('POST', PATH, ADMIN, body)
      expect(status, message).toBe(400)
      expect(answer.error.code).toBe('VIGIL_ERR_INVALID_BODY')
      expect(answer.error.message).toContain(message)
    }
  })

  it('refuses a second channel of the same name, and writes from a read key', async () => {
    const twice = await api.call('POST', PATH, ADMIN, { name: 'ops', type: 'log' })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('VIGIL_ERR_CHANNEL_EXISTS')
    const reader = await api.call('POST', PATH, READER, { name: 'mine', type: 'log' })
    expect(reader.status).toBe(403)
  })

  it('keeps masked values on PUT and changes the others; a name cannot change', async () => {
    const shown = (await api.call('GET', `${PATH}/ops`, ADMIN)).body
    const { source: _s, updatedAt: _u, updatedBy: _b, ...editable } = shown
    const put = await api.call('PUT', `${PATH}/ops`, ADMIN, {
      ...editable,
      description: 'on-call',
      headers: { ...editable.headers, 'X-Team': 'ops' },
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ description: 'on-call', headers: { 'X-Team': SECRET_MASK } })
    expect((await api.channels.get('default', 'ops'))?.definition).toEqual({
      ...ops,
      description: 'on-call',
      headers: { Authorization: 'Bearer s3cret', 'X-Team': 'ops' },
    })

    const renamed = await api.call('PUT', `${PATH}/ops`, ADMIN, { ...editable, name: 'ops2' })
    expect(renamed.status).toBe(400)
    expect(renamed.body.error.message).toMatch(/^Invalid field "name": channels cannot be renamed/)
    expect((await api.call('PUT', `${PATH}/nope`, ADMIN, { type: 'log' })).status).toBe(404)
  })

  it('keeps each project’s channels to itself', async () => {
    expect((await api.call('GET', PATH, OTHER)).body.channels).toEqual([])
    expect((await api.call('GET', `${PATH}/ops`, OTHER)).status).toBe(404)
    expect((await api.call('DELETE', `${PATH}/ops`, OTHER)).status).toBe(404)
  })

  it('leaves channels from the config file alone (409)', async () => {
    await api.channels.put({
      projectId: 'default',
      id: 'from-file',
      source: 'file',
      definition: { name: 'from-file', type: 'log' },
      updatedBy: 'vigil.config.yaml',
    })
    expect((await api.call('GET', `${PATH}/from-file`, READER)).body.source).toBe('file')
    for (const [method, body] of [
      ['PUT', { type: 'log', description: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const answer = await api.call(method, `${PATH}/from-file`, ADMIN, body)
      expect(answer.status).toBe(409)
      expect(answer.body.error.code).toBe('VIGIL_ERR_DEFINED_IN_FILE')
      expect(answer.body.error.message).toContain('config file')
    }
  })

  it('deletes a channel only once no rule sends to it, and audits every change without secrets', async () => {
    await api.call('POST', PATH, ADMIN, {
      name: 'pager',
      type: 'slack',
      url: 'https://hooks.slack.com/services/T/B/X',
    })
    api.rules.push({ projectId: 'default', id: 'latency', channels: ['pager'] })
    const inUse = await api.call('DELETE', `${PATH}/pager`, ADMIN)
    expect(inUse.status).toBe(409)
    expect(inUse.body.error).toMatchObject({ code: 'VIGIL_ERR_CHANNEL_IN_USE' })
    expect(inUse.body.error.message).toContain('"latency"')

    api.rules.splice(0)
    const deleted = await api.call('DELETE', `${PATH}/pager`, ADMIN)
    expect(deleted.status).toBe(200)
    expect(deleted.body.url).toBe(`https://hooks.slack.com/${SECRET_MASK}`)
    expect((await api.call('GET', `${PATH}/pager`, ADMIN)).status).toBe(404)

    const entries = await api.audit.query({ projectId: 'default', action: 'channel.*', limit: 100 })
    expect(entries.map((entry) => `${entry.action} ${entry.target}`).reverse()).toEqual([
      'channel.create ops',
      'channel.update ops',
      'channel.create pager',
      'channel.delete pager',
    ])
    expect(JSON.stringify(entries)).not.toMatch(/s3cret|whsec|services/)
  })

  it('sends a test notification and shows the attempt in the delivery log', async () => {
    await api.call('POST', PATH, ADMIN, { name: 'loopback', type: 'webhook', url: receiver.url })
    const sent = await api.call('POST', `${PATH}/loopback/test`, ADMIN)
    expect(sent.status).toBe(200)
    expect(sent.body).toMatchObject({
      channel: 'loopback',
      status: 'delivered',
      httpStatus: 200,
      error: null,
    })
    expect(receiver.requests).toHaveLength(1)
    expect(JSON.parse(receiver.requests[0]?.body ?? '{}')).toMatchObject({ version: 1, test: true })

    const log = await api.call('GET', `/api/v1/alert-deliveries?eventId=${sent.body.eventId}`, READER)
    expect(log.status).toBe(200)
    expect(log.body.deliveries).toEqual([
      expect.objectContaining({
        eventId: sent.body.eventId,
        channel: 'loopback',
        kind: 'test',
        attempt: 1,
        status: 'delivered',
        httpStatus: 200,
        error: null,
      }),
    ])
    expect(
      (await api.call('GET', `/api/v1/alert-deliveries?eventId=${sent.body.eventId}`, OTHER)).body,
    ).toEqual({
      deliveries: [],
    })
    expect((await api.call('POST', `${PATH}/nope/test`, ADMIN)).status).toBe(404)
    expect((await api.call('POST', `${PATH}/loopback/test`, READER)).status).toBe(403)
  })

  it('describes its routes in the OpenAPI document', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/openapi.json' })
    expect(response.statusCode).toBe(200)
    const paths = response.json().paths
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/alert-channels',
        '/api/v1/alert-channels/{name}',
        '/api/v1/alert-channels/{name}/test',
        '/api/v1/silences',
        '/api/v1/silences/{id}',
        '/api/v1/alert-deliveries',
      ]),
    )
    expect(paths['/api/v1/alert-channels'].post['x-vigil-scope']).toBe('admin')
    expect(paths['/api/v1/alert-deliveries'].get['x-vigil-scope']).toBe('read')
  })

  it('lists delivery attempts newest first, filtered, and names a bad parameter', async () => {
    const all = await api.call('GET', '/api/v1/alert-deliveries?status=delivered&limit=5', READER)
    expect(all.status).toBe(200)
    expect(all.body.deliveries.every((d: { status: string }) => d.status === 'delivered')).toBe(true)
    const bad = await api.call('GET', '/api/v1/alert-deliveries?limit=0', READER)
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/^Invalid query parameter "limit"/)
    const unknown = await api.call('GET', '/api/v1/alert-deliveries?rule=x', READER)
    expect(unknown.body.error.message).toBe('Unknown query parameter "rule"')
  })
})
