import { beforeAll, describe, expect, it } from 'vitest'
import { type Json, useTestCollector } from '../packages/collector/src/testing/test-collector.js'

const ADMIN = 'audit-admin-key-0123456789abcdef' // VIGIL_API_KEY: its key id is env:VIGIL_API_KEY
const { call } = useTestCollector({ name: 'access-audit', apiKey: ADMIN })

const audit = async (query = '', key = ADMIN) => {
  const { status, body } = await call('GET', `/api/v1/audit${query}`, key)
  expect(status).toBe(200)
  return body.entries as Json[]
}

let started: number
let reader: { id: string; key: string }
let admin: { id: string; key: string }
let betweenChanges: number

beforeAll(async () => {
  started = Date.now()
  // One change of each kind, in this order, by the configured key and then by a created admin key.
  reader = (await call('POST', '/api/v1/keys', ADMIN, { name: 'dashboard', scopes: ['read'] })).body
  admin = (await call('POST', '/api/v1/keys', ADMIN, { name: 'ops', scopes: ['admin'] })).body
  await call('PUT', '/api/v1/prices', admin.key, { models: { 'acme-llm': { input: 1, output: 2 } } })
  await new Promise((resolve) => setTimeout(resolve, 5))
  betweenChanges = Date.now()
  await new Promise((resolve) => setTimeout(resolve, 5))
  // An empty window: nothing to re-price, so nothing but the audit entry to check.
  const recompute = await call('POST', '/api/v1/prices/recompute', admin.key, {
    from: new Date(started - 60_000).toISOString(),
    to: new Date(started - 30_000).toISOString(),
  })
  expect(recompute.status).toBe(200)
  await call('PUT', '/api/v1/projects/current/settings', admin.key, { retentionDays: 30 })
  await call('DELETE', `/api/v1/keys/${reader.id}`, admin.key)
})

describe('audit log', () => {
  it('records who changed keys, prices and retention, newest first', async () => {
    const entries = await audit()
    expect(entries.map((entry) => [entry.action, entry.actor.keyId])).toEqual([
      ['key.revoke', admin.id],
      ['retention.set', admin.id],
      ['prices.recompute', admin.id],
      ['prices.replace', admin.id],
      ['key.create', 'env:VIGIL_API_KEY'],
      ['key.create', 'env:VIGIL_API_KEY'],
    ])
    for (const entry of entries) {
      expect(entry).toMatchObject({ projectId: 'default', actor: { projectId: 'default' } })
      expect(Date.parse(entry.time)).toBeGreaterThanOrEqual(started - 1000)
    }
  })

  it('says what changed in each entry', async () => {
    const [revoke, retention, recompute, prices, createAdmin, createReader] = await audit()
    expect(revoke).toMatchObject({ target: reader.id, details: { name: 'dashboard', scopes: ['read'] } })
    expect(retention).toMatchObject({
      target: 'retention',
      details: { retentionDays: 30, previousRetentionDays: 90, effectiveRetentionDays: 30 },
    })
    expect(recompute).toMatchObject({ target: 'prices', details: { scanned: 0, repriced: 0 } })
    expect(prices).toMatchObject({
      target: 'prices',
      details: {
        overrideVersion: expect.stringMatching(/^\d+$/),
        previousOverrideVersion: null,
        models: ['acme-llm'],
      },
    })
    expect(createAdmin).toMatchObject({ target: admin.id, details: { name: 'ops', scopes: ['admin'] } })
    expect(createReader).toMatchObject({
      target: reader.id,
      details: { name: 'dashboard', scopes: ['read'] },
    })
    // The key itself is never written to the log.
    expect(JSON.stringify(await audit())).not.toContain(admin.key)
  })

  it('filters by action, by every action of a thing, and by time, and honours the limit', async () => {
    expect((await audit('?action=key.revoke')).map((entry) => entry.target)).toEqual([reader.id])
    expect((await audit('?action=key.*')).map((entry) => entry.action)).toEqual([
      'key.revoke',
      'key.create',
      'key.create',
    ])
    expect((await audit('?action=alert.create')).length).toBe(0)
    const before = await audit(`?to=${betweenChanges}`)
    expect(before.map((entry) => entry.action)).toEqual(['prices.replace', 'key.create', 'key.create'])
    const after = await audit(`?from=${new Date(betweenChanges).toISOString()}`)
    expect(after.map((entry) => entry.action)).toEqual(['key.revoke', 'retention.set', 'prices.recompute'])
    expect((await audit('?limit=2')).map((entry) => entry.action)).toEqual(['key.revoke', 'retention.set'])
  })

  it.each([
    ['?limit=0', /"limit"/],
    ['?limit=1001', /"limit"/],
    ['?action=DROP TABLE', /"action"/],
    ['?from=yesterday', /"from"/],
    [`?from=${Date.now()}&to=${Date.now() - 1000}`, /"from": must be before "to"/],
    ['?project=other', /Unknown query parameter "project"/],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    const { status, body } = await call('GET', `/api/v1/audit${query}`, ADMIN)
    expect(status).toBe(400)
    expect(body.error.code).toBe('VIGIL_ERR_INVALID_PARAMS')
    expect(body.error.message).toMatch(message)
  })

  it('is for admin keys only', async () => {
    const { key } = (await call('POST', '/api/v1/keys', ADMIN, { name: 'r', scopes: ['read', 'ingest'] }))
      .body
    const { status, body } = await call('GET', '/api/v1/audit', key)
    expect(status).toBe(403)
    expect(body.error.code).toBe('VIGIL_ERR_FORBIDDEN')
  })
})
