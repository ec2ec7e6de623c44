import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import {
  expireSilence,
  newSilence,
  type Silence,
  type SilenceState,
  silenceInput,
  silenceSchema,
  silenceState,
} from '../alerts/silence.js'
import { VigilError } from '../errors.js'
import type { AuditLog } from '../storage/audit-log.js'
import type { DefinitionStore } from '../storage/definition-store.js'
import { apiRoute } from './api-route.js'
import { saveFromApi } from './definition-edits.js'

export interface SilencesApiOptions {
  silences: DefinitionStore<Silence>
  /** Records `silence.create` and `silence.delete`. */
  audit: AuditLog
  /** The project's rules (`DefinitionStore<AlertRule>` fits): when given, a silence of an unknown rule id is refused. */
  rules?: { get(projectId: string, id: string): Promise<unknown> }
  /** Clock (ms); tests move it. */
  now?: () => number
}

const TAG = 'Alerts'
const states = ['active', 'pending', 'expired'] as const satisfies readonly SilenceState[]

const silenceView = z.strictObject({
  ...silenceSchema.shape,
  state: z.enum(states).describe('`pending` before `startsAt`, `expired` from `endsAt` on (kept as history)'),
})

const listQuery = z.strictObject({
  state: z.enum(states).optional().describe('Only silences in this state'),
  ruleId: z.string().min(1).max(128).optional().describe('Only silences naming this rule'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('At most this many (1-1000)'),
})

const idParams = z.strictObject({ id: z.string().min(1).max(128) })

/**
 * `/api/v1/silences`: mute rules (by id, or by matchers on their labels and
 * filters) until a time. Deleting a silence expires it now; it stays listed,
 * so who muted what, when and why remains on record.
 */
const silencesApi: FastifyPluginAsync<SilencesApiOptions> = async (app, options) => {
  const { silences, audit } = options
  const now = options.now ?? Date.now
  const view = (silence: Silence, nowMs: number) => ({ ...silence, state: silenceState(silence, nowMs) })
  const find = async (projectId: string, id: string) => {
    const entry = await silences.get(projectId, id)
    if (!entry) throw new VigilError('NOT_FOUND', `No silence "${id}" in this project`)
    return entry.definition
  }

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/silences',
      scope: 'read',
      tag: TAG,
      summary: 'The project’s silences: active first, then pending, then expired, latest end first',
      query: listQuery,
      response: z.strictObject({ silences: z.array(silenceView) }),
    },
    async ({ principal, query }) => {
      const nowMs = now()
      const order: Record<SilenceState, number> = { active: 0, pending: 1, expired: 2 }
      const list = (await silences.list(principal.projectId))
        .map((entry) => view(entry.definition, nowMs))
        .filter((silence) => query.state === undefined || silence.state === query.state)
        .filter((silence) => query.ruleId === undefined || silence.ruleId === query.ruleId)
        .sort((a, b) => order[a.state] - order[b.state] || b.endsAt.localeCompare(a.endsAt))
      return { silences: list.slice(0, query.limit) }
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/silences/:id',
      scope: 'read',
      tag: TAG,
      summary: 'One silence',
      params: idParams,
      response: silenceView,
    },
    async ({ principal, params }) => view(await find(principal.projectId, params.id), now()),
  )

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/silences',
      scope: 'admin',
      tag: TAG,
      summary: 'Mute a rule, or the rules matching labels and filters, until a time',
      description:
        'Matchers compare a rule’s labels, its filters (`useCase`, `model`, `environment`…), `ruleId`, `ruleName` ' +
        'and `metric`; a missing one reads as "". Every matcher must hold. A silenced notification is recorded ' +
        'in the delivery log as `silenced`; a rule still firing when the silence ends notifies then.',
      body: silenceInput,
      response: silenceView,
      status: 201,
    },
    async ({ principal, body }) => {
      if (
        body.ruleId !== undefined &&
        options.rules &&
        !(await options.rules.get(principal.projectId, body.ruleId))
      ) {
        throw new VigilError(
          'INVALID_BODY',
          `Invalid field "ruleId": no alert rule "${body.ruleId}" in this project`,
        )
      }
      const nowMs = now()
      const made = newSilence(body, { id: randomUUID(), createdBy: principal.keyId, now: new Date(nowMs) })
      if ('field' in made)
        throw new VigilError('INVALID_BODY', `Invalid field "${made.field}": ${made.message}`)
      const { silence } = made
      await saveFromApi(silences, audit, principal, {
        id: silence.id,
        definition: silence,
        action: 'silence.create',
        details: {
          ruleId: silence.ruleId ?? null,
          matchers: silence.matchers,
          startsAt: silence.startsAt,
          endsAt: silence.endsAt,
          comment: silence.comment,
        },
      })
      return view(silence, nowMs)
    },
  )

  apiRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/v1/silences/:id',
      scope: 'admin',
      tag: TAG,
      summary: 'Expire a silence now (it stays listed as expired)',
      params: idParams,
      response: silenceView,
    },
    async ({ principal, params }) => {
      const silence = await find(principal.projectId, params.id)
      const nowMs = now()
      if (silenceState(silence, nowMs) === 'expired') return view(silence, nowMs)
      const expired = expireSilence(silence, new Date(nowMs))
      await saveFromApi(silences, audit, principal, {
        id: silence.id,
        definition: expired,
        action: 'silence.delete',
        details: { ruleId: silence.ruleId ?? null, endsAt: silence.endsAt, expiredAt: expired.endsAt },
      })
      return view(expired, nowMs)
    },
  )
}

export default silencesApi
