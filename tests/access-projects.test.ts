import { beforeAll, describe, expect, it } from 'vitest'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { type Json, useTestCollector } from '../packages/collector/src/testing/test-collector.js'

/** Started without VIGIL_API_KEY: the key created at first start is the instance admin. */
const collector = useTestCollector({ name: 'access-projects', writer: { lingerMs: 5 } })
const { call } = collector
let instanceKey: string

beforeAll(() => {
  instanceKey = collector.createdKey ?? ''
})

describe('projects', () => {
  it('makes the key created at first start an instance admin of the default project', async () => {
    expect(instanceKey).toMatch(/^vgl_/)
    const { status, body } = await call('GET', '/api/v1/projects/current', instanceKey)
    expect(status).toBe(200)
    expect(body).toEqual({
      project: { id: 'default', name: 'default', createdAt: null },
      key: { id: expect.any(String), scopes: ['ingest', 'read', 'admin'], instanceAdmin: true },
    })
  })

  it('creates a project with its first admin key, shown once, which works in that project only', async () => {
    const { status, body } = await call('POST', '/api/v1/projects', instanceKey, {
      id: 'shop-eu',
      name: 'Shop EU',
    })
    expect(status).toBe(201)
    expect(body).toEqual({
      project: { id: 'shop-eu', name: 'Shop EU', createdAt: expect.any(String) },
      key: {
        id: expect.any(String),
        projectId: 'shop-eu',
        key: expect.stringMatching(/^vgl_/),
        name: 'initial admin key',
        scopes: ['ingest', 'read', 'admin'],
        createdAt: expect.any(String),
        revokedAt: null,
      },
    })
    const key = body.key.key
    const current = await call('GET', '/api/v1/projects/current', key)
    expect(current.body).toMatchObject({
      project: { id: 'shop-eu', name: 'Shop EU' },
      key: { id: body.key.id, instanceAdmin: false },
    })
    expect((await call('POST', '/v1/traces', key, makeJsonTraceRequest([makeJsonSpan()]))).status).toBe(200)
    const summary = await call('GET', `/api/v1/metrics/summary?from=${Date.now() - 3_600_000}`, key)
    expect(summary.body.calls).toBe(1)
    const mine = await call('GET', `/api/v1/metrics/summary?from=${Date.now() - 3_600_000}`, instanceKey)
    expect(mine.body.calls).toBe(0)
  })

  it('refuses a taken or malformed project id, naming the field', async () => {
    for (const id of ['shop-eu', 'default']) {
      const { status, body } = await call('POST', '/api/v1/projects', instanceKey, { id })
      expect(status).toBe(409)
      expect(body.error.code).toBe('VIGIL_ERR_PROJECT_EXISTS')
    }
    for (const id of ['Shop', '-x', '', 'a'.repeat(64), 'a/b']) {
      const { status, body } = await call('POST', '/api/v1/projects', instanceKey, { id })
      expect(status).toBe(400)
      expect(body.error.message).toMatch(/^Invalid field "id"/)
    }
    const unknown = await call('POST', '/api/v1/projects', instanceKey, { id: 'ok', owner: 'me' })
    expect(unknown.body.error.message).toBe('Unknown field "owner"')
  })

  it('lists every project to an instance admin', async () => {
    const { status, body } = await call('GET', '/api/v1/projects', instanceKey)
    expect(status).toBe(200)
    expect(body.projects.map((project: Json) => project.id)).toEqual(['default', 'shop-eu'])
  })

  it('treats every admin key of the default project as an instance admin, and no other key', async () => {
    const make = async (scopes: string[]) =>
      (await call('POST', '/api/v1/keys', instanceKey, { name: scopes.join('+'), scopes })).body.key as string
    const admin = await make(['admin'])
    const reader = await make(['read'])
    expect((await call('POST', '/api/v1/projects', admin, { id: 'by-second-admin' })).status).toBe(201)
    const denied = await call('POST', '/api/v1/projects', reader, { id: 'by-reader' })
    expect(denied.status).toBe(403)
    expect((await call('GET', '/api/v1/projects', reader)).status).toBe(403)
  })

  it('records project creation in the instance’s audit log and in the new project’s', async () => {
    const instance = await call('GET', '/api/v1/audit?action=project.create', instanceKey)
    expect(instance.body.entries.map((entry: Json) => entry.target)).toEqual(['by-second-admin', 'shop-eu'])
    const created = await call('POST', '/api/v1/projects', instanceKey, { id: 'audited' })
    const own = await call('GET', '/api/v1/audit', created.body.key.key)
    expect(own.body.entries).toEqual([
      {
        id: expect.any(String),
        time: expect.any(String),
        projectId: 'audited',
        actor: { projectId: 'default', keyId: expect.any(String) },
        action: 'project.create',
        target: 'audited',
        details: { name: 'audited', firstKeyId: created.body.key.id },
      },
    ])
  })
})
