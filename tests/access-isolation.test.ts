import { beforeAll, describe, expect, it } from 'vitest'
import { attr, makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { type Json, useTestCollector } from '../packages/collector/src/testing/test-collector.js'

/**
 * Two projects on one collector: whatever project A's keys send (ids, filters,
 * body fields, OTLP attributes), they neither read nor change project B.
 */
const INSTANCE_KEY = 'instance-admin-key-0123456789'
const collector = useTestCollector({
  name: 'access-isolation',
  apiKey: INSTANCE_KEY,
  writer: { lingerMs: 5 },
})
const { call } = collector

interface ProjectKeys {
  id: string
  admin: string
  adminId: string
  read: string
  ingest: string
  ingestId: string
}

async function createProject(id: string): Promise<ProjectKeys> {
  const created = await call('POST', '/api/v1/projects', INSTANCE_KEY, { id })
  expect(created.status).toBe(201)
  const admin = created.body.key.key as string
  const key = async (scopes: string[]) => {
    const { status, body } = await call('POST', '/api/v1/keys', admin, { name: scopes.join('+'), scopes })
    expect(status).toBe(201)
    return body as { id: string; key: string }
  }
  const read = await key(['read'])
  const ingest = await key(['ingest'])
  return { id, admin, adminId: created.body.key.id, read: read.key, ingest: ingest.key, ingestId: ingest.id }
}

let a: ProjectKeys
let b: ProjectKeys
const since = Date.now() - 60_000

async function ingest(key: string, spans: ReturnType<typeof makeJsonSpan>[]) {
  const request = makeJsonTraceRequest(spans)
  // Attributes naming another project must not matter: the key decides.
  request.resourceSpans[0]?.resource.attributes.push(attr('vigil.project_id', b.id), attr('project_id', b.id))
  const { status } = await call('POST', '/v1/traces', key, request)
  expect(status).toBe(200)
}

const summary = (key: string, extra = '') =>
  call('GET', `/api/v1/metrics/summary?from=${since}&to=${Date.now() + 1000}${extra}`, key)

beforeAll(async () => {
  a = await createProject('alpha')
  b = await createProject('beta')
  await ingest(b.ingest, [makeJsonSpan({ model: 'beta-model', startMs: since + 1000, inputTokens: 10 })])
})

describe('project isolation', () => {
  it('stores what A’s ingest key sends in A only, whatever project the telemetry names', async () => {
    await ingest(a.ingest, [
      makeJsonSpan({ model: 'alpha-model', startMs: since + 2000 }),
      makeJsonSpan({ model: 'alpha-model', startMs: since + 3000 }),
    ])
    const result = await collector.store.client.query({
      query: `SELECT project_id, model, count() AS calls FROM ${collector.store.table('calls')} GROUP BY project_id, model ORDER BY project_id`,
      format: 'JSONEachRow',
    })
    const rows = await result.json<{ project_id: string; model: string; calls: string | number }>()
    expect(rows.map((row) => ({ ...row, calls: Number(row.calls) }))).toEqual([
      { project_id: 'alpha', model: 'alpha-model', calls: 2 },
      { project_id: 'beta', model: 'beta-model', calls: 1 },
    ])
    expect((await summary(a.read)).body.calls).toBe(2)
    expect((await summary(b.read)).body.calls).toBe(1)
  })

  it('answers 400 to a project named in a query filter, never another project’s numbers', async () => {
    for (const extra of [`&projectId=${b.id}`, `&project=${b.id}`, `&project_id=${b.id}`]) {
      const { status, body } = await summary(a.read, extra)
      expect(status, extra).toBe(400)
      expect(body.error.code).toBe('VIGIL_ERR_INVALID_PARAMS')
    }
    const unknown = await call('GET', `/api/v1/prices/unknown-models?from=${since}&projectId=${b.id}`, a.read)
    expect(unknown.status).toBe(400)
  })

  it('keeps prices apart: A reads and replaces its own overrides only, and cannot name B in the body', async () => {
    const put = await call('PUT', '/api/v1/prices', b.admin, {
      models: { 'beta-model': { input: 1, output: 2 } },
    })
    expect(put.status).toBe(200)
    const mine = await call('GET', '/api/v1/prices', a.read)
    expect(mine.body).toMatchObject({ projectId: 'alpha', overrides: {}, overrideVersion: null })
    const sneaky = await call('PUT', '/api/v1/prices', a.admin, {
      projectId: b.id,
      models: { 'beta-model': { input: 9, output: 9 } },
    })
    expect(sneaky.status).toBe(400)
    expect(sneaky.body.error.message).toBe('Unknown field "projectId"')
    const own = await call('PUT', '/api/v1/prices', a.admin, {
      models: { 'alpha-model': { input: 3, output: 4 } },
    })
    expect(own.body.projectId).toBe('alpha')
    const theirs = await call('GET', '/api/v1/prices', b.read)
    expect(theirs.body.overrides).toEqual({ 'beta-model': { input: 1, output: 2 } })
  })

  it('keeps settings apart', async () => {
    const path = '/api/v1/projects/current/settings'
    expect((await call('PUT', path, a.admin, { retentionDays: 7 })).body).toMatchObject({
      projectId: 'alpha',
      retentionDays: 7,
    })
    const sneaky = await call('PUT', path, a.admin, { retentionDays: 1, projectId: b.id })
    expect(sneaky.status).toBe(400)
    expect((await call('GET', path, b.read)).body).toMatchObject({ projectId: 'beta', retentionDays: 90 })
  })

  it('lists only the caller’s keys, and answers 404 to revoking another project’s key, which keeps working', async () => {
    const listed = await call('GET', '/api/v1/keys', a.admin)
    expect(listed.body.projectId).toBe('alpha')
    const ids = listed.body.keys.map((key: Json) => key.id)
    expect(ids).toHaveLength(3)
    expect(ids).not.toContain(b.ingestId)
    expect(ids).not.toContain(b.adminId)

    for (const id of [b.ingestId, b.adminId]) {
      const revoke = await call('DELETE', `/api/v1/keys/${id}`, a.admin)
      expect(revoke.status).toBe(404)
      expect(revoke.body.error.code).toBe('VIGIL_ERR_NOT_FOUND')
    }
    await ingest(b.ingest, [makeJsonSpan({ model: 'beta-model', startMs: since + 4000 })])
    expect(
      (await call('GET', '/api/v1/keys', b.admin)).body.keys.every((key: Json) => key.revokedAt === null),
    ).toBe(true)
  })

  it('shows each project only its own audit entries', async () => {
    const mine = await call('GET', '/api/v1/audit', a.admin)
    expect(mine.status).toBe(200)
    expect(mine.body.entries.length).toBeGreaterThan(0)
    expect(mine.body.entries.every((entry: Json) => entry.projectId === 'alpha')).toBe(true)
    const actions = mine.body.entries.map((entry: Json) => entry.action)
    expect(actions).toContain('prices.replace')
    expect(actions).not.toContain('key.revoke')
    const sneaky = await call('GET', `/api/v1/audit?projectId=${b.id}`, a.admin)
    expect(sneaky.status).toBe(400)
  })

  it('holds each key to its scopes: ingest keys cannot read, read keys cannot write or ingest', async () => {
    expect((await summary(a.ingest)).status).toBe(403)
    expect((await call('GET', '/api/v1/prices', a.ingest)).status).toBe(403)
    expect((await call('PUT', '/api/v1/prices', a.read, { models: {} })).status).toBe(403)
    expect((await call('GET', '/api/v1/keys', a.read)).status).toBe(403)
    expect((await call('GET', '/api/v1/audit', a.read)).status).toBe(403)
    expect((await call('POST', '/v1/traces', a.read, makeJsonTraceRequest([makeJsonSpan()]))).status).toBe(
      403,
    )
  })

  it('lets no project admin act on the instance: creating or listing projects needs an instance admin', async () => {
    const create = await call('POST', '/api/v1/projects', a.admin, { id: 'gamma' })
    expect(create.status).toBe(403)
    expect(create.body.error.message).toMatch(/instance admin/)
    expect((await call('GET', '/api/v1/projects', a.admin)).status).toBe(403)
  })
})
