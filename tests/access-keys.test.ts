import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../packages/collector/src/app.js'
import { ApiKeyStore } from '../packages/collector/src/auth/api-key-store.js'
import { loadConfig } from '../packages/collector/src/config.js'
import { PriceCatalog } from '../packages/collector/src/pricing/price-catalog.js'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { apiClient, type Json, useTestCollector } from '../packages/collector/src/testing/test-collector.js'

const ADMIN = 'configured-admin-key-0123456789' // VIGIL_API_KEY: default project, every scope
const collector = useTestCollector({ name: 'access-keys', apiKey: ADMIN, writer: { lingerMs: 5 } })
const { call } = collector

async function createKey(scopes: string[], key = ADMIN, name = scopes.join('+')) {
  const { status, body } = await call('POST', '/api/v1/keys', key, { name, scopes })
  expect(status).toBe(201)
  return body as { id: string; key: string; name: string; scopes: string[] }
}

/** Polls until `check` holds; fails after `timeoutMs`, which bounds the wait, not the behaviour. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('API keys', () => {
  it('creates a random key shown once, then lists it by id, name, scopes and times only', async () => {
    const created = await call('POST', '/api/v1/keys', ADMIN, { name: 'ci exporter', scopes: ['ingest'] })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      projectId: 'default',
      key: expect.stringMatching(/^vgl_[A-Za-z0-9_-]{43}$/),
      name: 'ci exporter',
      scopes: ['ingest'],
      createdAt: expect.any(String),
      revokedAt: null,
    })
    const listed = await call('GET', '/api/v1/keys', ADMIN)
    expect(listed.status).toBe(200)
    const entry = listed.body.keys.find((key: Json) => key.id === created.body.id)
    expect(entry).toEqual({
      id: created.body.id,
      name: 'ci exporter',
      scopes: ['ingest'],
      createdAt: created.body.createdAt,
      revokedAt: null,
    })
    const text = JSON.stringify(listed.body)
    expect(text).not.toContain(created.body.key)
    expect(text).not.toContain(createHash('sha256').update(created.body.key).digest('hex').slice(0, 12))
    const second = await createKey(['ingest'])
    expect(second.key).not.toBe(created.body.key)
  })

  it('stores only a SHA-256 hash of each key', async () => {
    const { key, id } = await createKey(['read'])
    const result = await collector.store.client.query({
      query: `SELECT * FROM ${collector.store.table('api_keys')} WHERE key_id = {id:String}`,
      query_params: { id },
      format: 'JSONEachRow',
    })
    const rows = await result.json<Record<string, unknown>>()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.key_hash).toBe(createHash('sha256').update(key).digest('hex'))
    expect(JSON.stringify(rows)).not.toContain(key)
  })

  it('gives a new key exactly its scopes', async () => {
    const ingest = await createKey(['ingest'])
    const exported = await call('POST', '/v1/traces', ingest.key, makeJsonTraceRequest([makeJsonSpan()]))
    expect(exported.status).toBe(200)
    expect((await call('GET', '/api/v1/prices', ingest.key)).status).toBe(403)
    const reader = await createKey(['read'])
    expect((await call('GET', '/api/v1/prices', reader.key)).status).toBe(200)
    const denied = await call('POST', '/api/v1/keys', reader.key, { name: 'x', scopes: ['admin'] })
    expect(denied.status).toBe(403)
    expect(denied.body.error.message).toMatch(/"admin" scope/)
    expect((await call('GET', '/api/v1/keys', reader.key)).status).toBe(403)
    expect((await call('DELETE', `/api/v1/keys/${ingest.id}`, reader.key)).status).toBe(403)
  })

  it.each([
    [{ name: 'x', scopes: [] }, /^Invalid field "scopes"/],
    [{ name: 'x', scopes: ['write'] }, /^Invalid field "scopes\[0\]"/],
    [{ name: 'x', scopes: ['read', 'read'] }, /^Invalid field "scopes": must not list a scope twice/],
    [{ name: '  ', scopes: ['read'] }, /^Invalid field "name"/],
    [{ scopes: ['read'] }, /^Invalid field "name"/],
    [{ name: 'x', scopes: ['read'], projectId: 'other' }, /^Unknown field "projectId"/],
  ])('answers 400 naming the field for %j', async (bad, message) => {
    const { status, body } = await call('POST', '/api/v1/keys', ADMIN, bad)
    expect(status).toBe(400)
    expect(body.error.code).toBe('VIGIL_ERR_INVALID_BODY')
    expect(body.error.message).toMatch(message)
  })

  it('revokes a key at once on this collector; revoking it again changes nothing', async () => {
    const reader = await createKey(['read'])
    expect((await call('GET', '/api/v1/prices', reader.key)).status).toBe(200)
    const revoked = await call('DELETE', `/api/v1/keys/${reader.id}`, ADMIN)
    expect(revoked.status).toBe(200)
    expect(revoked.body).toMatchObject({ id: reader.id, revokedAt: expect.any(String) })
    const refused = await call('GET', '/api/v1/prices', reader.key)
    expect(refused.status).toBe(401)
    expect(refused.body.error.code).toBe('VIGIL_ERR_UNAUTHORIZED')

    const again = await call('DELETE', `/api/v1/keys/${reader.id}`, ADMIN)
    expect(again).toEqual({ status: 200, body: revoked.body })
    const listed = await call('GET', '/api/v1/keys', ADMIN)
    expect(listed.body.keys.find((key: Json) => key.id === reader.id).revokedAt).toBe(revoked.body.revokedAt)
    const audit = await call('GET', '/api/v1/audit?action=key.revoke', ADMIN)
    expect(audit.body.entries.filter((entry: Json) => entry.target === reader.id)).toHaveLength(1)
  })

  it('answers 404 for a key id this project does not have', async () => {
    const { status, body } = await call('DELETE', '/api/v1/keys/0123456789abcdef', ADMIN)
    expect(status).toBe(404)
    expect(body.error).toEqual({
      code: 'VIGIL_ERR_NOT_FOUND',
      message: 'No key "0123456789abcdef" in this project',
    })
  })

  it('refuses to revoke a project’s last admin key, and lets a key revoke itself once another admin exists', async () => {
    const project = await call('POST', '/api/v1/projects', ADMIN, { id: 'solo' })
    const first = project.body.key as { id: string; key: string }
    const refused = await call('DELETE', `/api/v1/keys/${first.id}`, first.key)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('VIGIL_ERR_LAST_ADMIN_KEY')
    const second = await createKey(['admin'], first.key)
    expect((await call('DELETE', `/api/v1/keys/${first.id}`, first.key)).status).toBe(200)
    expect((await call('GET', '/api/v1/keys', first.key)).status).toBe(401)
    const keys = (await call('GET', '/api/v1/keys', second.key)).body.keys
    expect(keys.map((key: Json) => [key.id, key.revokedAt === null])).toEqual([
      [first.id, false],
      [second.id, true],
    ])
  })

  it.each([
    ['/api/v1/prices?api_key=KEY', 'api_key'],
    ['/api/v1/keys?key=KEY', 'key'],
    ['/api/v1/metrics/summary?from=0&token=KEY', 'token'],
    ['/v1/traces?access_token=KEY', 'access_token'],
    ['/metrics?apikey=KEY', 'apikey'],
  ])('refuses a key in the URL (%s), even a valid one sent with a valid header', async (path, name) => {
    const withHeader: Record<string, string> = { authorization: `Bearer ${ADMIN}` }
    for (const headers of [{}, withHeader]) {
      const response = await fetch(`${collector.url}${path.replace('KEY', ADMIN)}`, {
        method: path.startsWith('/v1/') ? 'POST' : 'GET',
        headers: { ...headers, 'content-type': 'application/json' },
        ...(path.startsWith('/v1/') ? { body: '{}' } : {}),
      })
      expect(response.status).toBe(400)
      const body = (await response.json()) as Json
      // OTLP answers in its own error shape; both carry the code and the advice.
      const text = JSON.stringify(body)
      expect(text).toContain('VIGIL_ERR_KEY_IN_URL')
      expect(text).toContain(`query parameter \\"${name}\\"`)
      expect(text).toContain('Authorization: Bearer <key>')
    }
  })

  it('declares the key and project routes with their scopes in /openapi.json', async () => {
    const document = (await (await fetch(`${collector.url}/openapi.json`)).json()) as Json
    expect(document.paths['/api/v1/keys'].post['x-vigil-scope']).toBe('admin')
    expect(document.paths['/api/v1/keys'].get['x-vigil-scope']).toBe('admin')
    expect(document.paths['/api/v1/keys/{keyId}'].delete.parameters[0]).toMatchObject({
      name: 'keyId',
      in: 'path',
    })
    expect(document.paths['/api/v1/projects'].post.description).toMatch(/instance admin/)
    expect(document.paths['/api/v1/projects/current'].get['x-vigil-scope']).toBe('read')
    expect(document.paths['/api/v1/audit'].get.parameters.map((p: Json) => p.name)).toEqual([
      'action',
      'from',
      'to',
      'limit',
    ])
  })
})

describe('API keys across collectors', () => {
  let other: ReturnType<typeof buildApp>
  let otherUrl: string
  let otherKeys: ApiKeyStore
  const otherApi = apiClient(() => otherUrl)

  beforeAll(async () => {
    // A second collector on the same storage: its own key cache, reloaded every 2 s as by default.
    otherKeys = new ApiKeyStore(collector.store, { reloadMs: 2_000 })
    await otherKeys.start()
    other = buildApp({
      config: loadConfig({ port: 0, dataDir: collector.dataDir, logLevel: 'silent' }),
      store: collector.store,
      keys: otherKeys,
      writer: collector.writer,
      prices: new PriceCatalog(),
      projectSettings: collector.projectSettings,
    })
    otherUrl = await other.listen({ host: '127.0.0.1', port: 0 })
  })

  afterAll(async () => {
    otherKeys?.stop()
    await other?.close()
  })

  it('accepts a key created on another collector, and refuses it within seconds of its revocation there', async () => {
    const reader = await createKey(['read'])
    await eventually(
      async () => (await otherApi.call('GET', '/api/v1/prices', reader.key)).status === 200,
      'the other collector accepts the new key',
    )
    expect((await call('DELETE', `/api/v1/keys/${reader.id}`, ADMIN)).status).toBe(200)
    await eventually(
      async () => (await otherApi.call('GET', '/api/v1/prices', reader.key)).status === 401,
      'the other collector refuses the revoked key',
    )
  })
})

describe('API keys after a restart', () => {
  it('keeps created keys, and keeps revoked ones revoked', async () => {
    const kept = await createKey(['read'])
    const gone = await createKey(['read'])
    await call('DELETE', `/api/v1/keys/${gone.id}`, ADMIN)
    await collector.restart()
    expect(collector.createdKey).toBeUndefined()
    expect((await call('GET', '/api/v1/prices', kept.key)).status).toBe(200)
    expect((await call('GET', '/api/v1/prices', gone.key)).status).toBe(401)
  })
})
