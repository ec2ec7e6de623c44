import { describe, expect, it } from 'vitest'
import { useAlertingApiApp } from '../testing/alerting-api-app.js'

const ADMIN = 'admin-key-0123456789abcdef' // default project, every scope
const READER = 'reader-key-0123456789abcdef' // default project, read only
const OTHER = 'other-key-0123456789abcdef' // project "other", every scope
const PATH = '/api/v1/silences'
const HOUR = 3_600_000

const api = useAlertingApiApp({
  name: 'silences-api',
  adminKey: ADMIN,
  keys: [
    { key: READER, projectId: 'default', scopes: ['read'] },
    { key: OTHER, projectId: 'other', scopes: ['ingest', 'read', 'admin'] },
  ],
})

describe('silences API', () => {
  it('creates a silence from a duration, recording which key made it', async () => {
    api.rules.push({ projectId: 'default', id: 'support-latency', channels: [] })
    const before = Date.now()
    const { status, body } = await api.call('POST', PATH, ADMIN, {
      ruleId: 'support-latency',
      duration: '2h',
      comment: 'rolling out the new prompt',
    })
    expect(status).toBe(201)
    expect(body).toMatchObject({
      ruleId: 'support-latency',
      matchers: [],
      comment: 'rolling out the new prompt',
      state: 'active',
    })
    expect(body.createdBy).toMatch(/^env:|^[0-9a-f]+$/)
    expect(Date.parse(body.endsAt) - Date.parse(body.startsAt)).toBe(2 * HOUR)
    expect(Date.parse(body.startsAt)).toBeGreaterThanOrEqual(before - 1000)

    const listed = await api.call('GET', PATH, READER)
    expect(listed.body.silences).toEqual([expect.objectContaining({ id: body.id, state: 'active' })])
    expect((await api.call('GET', `${PATH}/${body.id}`, READER)).body.id).toBe(body.id)
    expect((await api.call('GET', PATH, OTHER)).body.silences).toEqual([])
  })

  it('answers 400 naming the field that is wrong', async () => {
    const cases: [unknown, string][] = [
      [{ duration: '1h', comment: 'x' }, 'Invalid field "ruleId": give `ruleId` or at least one matcher'],
      [
        { ruleId: 'support-latency', comment: 'x' },
        'Invalid field "endsAt": give either `endsAt` or `duration`',
      ],
      [
        { matchers: [{ name: 'team', value: '(', operator: '=~' }], duration: '1h', comment: 'x' },
        'Invalid field "matchers[0].value": is not a regular expression',
      ],
      [
        { matchers: [{ name: 'team', value: 'a', operator: '~' }], duration: '1h', comment: 'x' },
        'Invalid field "matchers[0].operator"',
      ],
      [{ ruleId: 'support-latency', duration: 'soon', comment: 'x' }, 'Invalid field "duration"'],
      [
        { ruleId: 'support-latency', endsAt: new Date(Date.now() - HOUR).toISOString(), comment: 'x' },
        'Invalid field "endsAt": must be in the future',
      ],
      [{ ruleId: 'support-latency', duration: '1h' }, 'Invalid field "comment"'],
      [{ ruleId: 'no-such-rule', duration: '1h', comment: 'x' }, 'Invalid field "ruleId": no alert rule'],
      [{ ruleId: 'support-latency', duration: '1h', comment: 'x', by: 'me' }, 'Unknown field "by"'],
    ]
    for (const [body, message] of cases) {
      const answer = await api.call('POST', PATH, ADMIN, body)
      expect(answer.status, message).toBe(400)
      expect(answer.body.error.code).toBe('VIGIL_ERR_INVALID_BODY')
      expect(answer.body.error.message).toContain(message)
    }
  })

  it('expires a silence on DELETE and keeps it listed as history', async () => {
    const created = await api.call('POST', PATH, ADMIN, {
      matchers: [{ name: 'environment', value: 'staging' }],
      endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
      comment: 'staging is noisy',
    })
    expect(created.body.matchers).toEqual([{ name: 'environment', value: 'staging', operator: '=' }])
    const id = created.body.id

    expect((await api.call('DELETE', `${PATH}/${id}`, READER)).status).toBe(403)
    const expired = await api.call('DELETE', `${PATH}/${id}`, ADMIN)
    expect(expired.status).toBe(200)
    expect(expired.body.state).toBe('expired')
    expect((await api.call('DELETE', `${PATH}/${id}`, ADMIN)).body.endsAt).toBe(expired.body.endsAt)

    const history = await api.call('GET', `${PATH}?state=expired`, READER)
    expect(history.body.silences.map((s: { id: string }) => s.id)).toEqual([id])
    const active = await api.call('GET', `${PATH}?state=active`, READER)
    expect(active.body.silences.map((s: { id: string }) => s.id)).not.toContain(id)

    expect((await api.call('DELETE', `${PATH}/unknown`, ADMIN)).status).toBe(404)
    const actions = (await api.audit.query({ projectId: 'default', action: 'silence.*', limit: 10 }))
      .map((entry) => entry.action)
      .reverse()
    expect(actions).toEqual(['silence.create', 'silence.create', 'silence.delete'])
  })

  it('names a bad query parameter', async () => {
    const answer = await api.call('GET', `${PATH}?state=over`, READER)
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toMatch(/^Invalid query parameter "state"/)
  })
})
