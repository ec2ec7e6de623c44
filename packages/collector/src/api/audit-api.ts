import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { VigilError } from '../errors.js'
import type { AuditLog } from '../storage/audit-log.js'
import { apiRoute } from './api-route.js'
import { instant } from './instant.js'

const auditQuery = z.strictObject({
  action: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?$/, 'must be an action such as "key.create", or "key.*"')
    .optional()
    .describe('One action (`key.create`), or every action of a thing (`key.*`)'),
  from: instant.optional().describe('Entries at or after this time'),
  to: instant.optional().describe('Entries before this time'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('At most this many entries (1-1000)'),
})

const auditEntry = z.strictObject({
  id: z.string(),
  time: z.string().describe('ISO 8601'),
  projectId: z.string(),
  actor: z
    .strictObject({ projectId: z.string(), keyId: z.string() })
    .describe('The key that made the change and its project'),
  action: z
    .string()
    .describe(
      '`key.create`, `key.revoke`, `prices.replace`, `prices.recompute`, `retention.set`, `project.create`…',
    ),
  target: z.string().describe('What changed: a key id, a project id, `prices`, `retention`'),
  details: z.record(z.string(), z.unknown()),
})

/**
 * `GET /api/v1/audit`: who changed the caller's project (keys, prices,
 * retention, …), newest first. Admin only: it names keys and their scopes.
 */
const auditApi: FastifyPluginAsync<{ audit: AuditLog }> = async (app, { audit }) => {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/audit',
      scope: 'admin',
      tag: 'Audit',
      summary: 'Changes to the caller’s project, newest first',
      query: auditQuery,
      response: z.strictObject({ entries: z.array(auditEntry) }),
    },
    async ({ principal, query }) => {
      if (query.from && query.to && query.from >= query.to) {
        throw new VigilError('INVALID_PARAMS', 'Invalid query parameter "from": must be before "to"')
      }
      return { entries: await audit.query({ ...query, projectId: principal.projectId }) }
    },
  )
}

export default auditApi
