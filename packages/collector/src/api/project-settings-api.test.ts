import { describe, expect, it } from 'vitest'
import { useTestCollector } from '../testing/test-collector.js'

const ADMIN = 'admin-key-0123456789abcdef' // default project, every scope
const READER = 'reader-key-0123456789abcdef' // default project, read only
const OTHER = 'other-key-0123456789abcdef' // project "other", every scope
const PATH = '/api/v1/projects/current/settings'
const collector = useTestCollector({
  name: 'settings-api',
  apiKey: ADMIN,
  retentionDays: 90,
  keys: [
    { key: READER, projectId: 'default', scopes: ['read'] },
    { key: OTHER, projectId: 'other', scopes: ['ingest', 'read', 'admin'] },
  ],
})

async function call(method: 'GET' | 'PUT', key: string, body?: unknown) {
  const response = await collector.app.inject({
    method,
    url: PATH,
    headers: { authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { payload: body as object }),
  })
  return { status: response.statusCode, body: response.json() }
}

describe('project settings API', () => {
  it('shows the default retention to a read key', async () => {
    const { status, body } = await call('GET', READER)
    expect(status).toBe(200)
    expect(body).toEqual({ projectId: 'default', retentionDays: 90, defaultRetentionDays: 90 })
  })

  it('refuses PUT to a key without the admin scope', async () => {
    const { status, body } = await call('PUT', READER, { retentionDays: 30 })
    expect(status).toBe(403)
    expect(body.error.code).toBe('VIGIL_ERR_FORBIDDEN')
    expect(collector.projectSettings.retentionDays('default')).toBe(90)
  })

  it('sets the retention of the key’s project only, and stamps rows ingested afterwards', async () => {
    const put = await call('PUT', ADMIN, { retentionDays: 30 })
    expect(put).toEqual({
      status: 200,
      body: { projectId: 'default', retentionDays: 30, defaultRetentionDays: 90 },
    })
    expect((await call('GET', READER)).body.retentionDays).toBe(30)
    expect((await call('GET', OTHER)).body.retentionDays).toBe(90)
    // Stored, not only cached: a reload (what another collector does) sees it.
    await collector.projectSettings.reload()
    expect(collector.projectSettings.retentionDays('default')).toBe(30)
  })

  it('returns a project to the default with null', async () => {
    await call('PUT', OTHER, { retentionDays: 7 })
    const { status, body } = await call('PUT', OTHER, { retentionDays: null })
    expect(status).toBe(200)
    expect(body).toMatchObject({ projectId: 'other', retentionDays: 90 })
  })

  it('answers 400 naming the field for a retention out of range or of the wrong type', async () => {
    for (const retentionDays of [0, 3651, 1.5, '30']) {
      const { status, body } = await call('PUT', ADMIN, { retentionDays })
      expect(status).toBe(400)
      expect(body.error.code).toBe('VIGIL_ERR_INVALID_BODY')
      expect(body.error.message).toMatch(/^Invalid field "retentionDays"/)
    }
    const unknown = await call('PUT', ADMIN, { retentionDays: 30, ttl: 1 })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toBe('Unknown field "ttl"')
  })
})
