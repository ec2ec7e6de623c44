import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { ApiKeyRecord, ApiKeyStore } from '../auth/api-key-store.js'
import { requireInstanceAdmin } from '../auth/auth-plugin.js'
import { SCOPES, type Scope } from '../auth/principal.js'
import { VigilError } from '../errors.js'
import type { AuditLog } from '../storage/audit-log.js'
import type { ProjectStore } from '../storage/project-store.js'
import { apiRoute } from './api-route.js'

export interface KeysApiOptions {
  keys: ApiKeyStore
  projects: ProjectStore
  audit: AuditLog
}

const scope = z.enum(SCOPES as [Scope, ...Scope[]])
const scopes = z
  .array(scope)
  .min(1)
  .refine((list) => new Set(list).size === list.length, 'must not list a scope twice')
const keyName = z.string().trim().min(1).max(100)

const keyRecord = z.strictObject({
  id: z.string(),
  name: z.string(),
  scopes: z.array(scope),
  createdAt: z.string().describe('ISO 8601'),
  revokedAt: z.string().nullable().describe('ISO 8601; null while the key is in force'),
})
const issuedKey = keyRecord.extend({
  projectId: z.string(),
  key: z.string().describe('The key itself: shown this once, only its hash is stored'),
})
const project = z.strictObject({
  id: z.string(),
  name: z.string(),
  createdAt: z.string().nullable().describe('Null for a project from before the project registry'),
})
const projectId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'must be 1-63 lowercase letters, digits, "-" or "_", not starting with "-" or "_"',
  )

const TAG = 'Keys and projects'

const recordView = ({ projectId: _, ...record }: ApiKeyRecord) => record

/**
 * `/api/v1/keys` (a project's keys: create, list, revoke) and
 * `/api/v1/projects` (create a project with its first admin key). The project
 * is always the caller's: another project's key id answers 404, as an unknown
 * one does, so ids of other projects cannot even be probed.
 */
const keysApi: FastifyPluginAsync<KeysApiOptions> = async (app, { keys, projects, audit }) => {
  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/keys',
      scope: 'admin',
      tag: TAG,
      summary: 'Create an API key for the caller’s project; the key is in this answer only',
      body: z.strictObject({ name: keyName, scopes }),
      response: issuedKey,
      status: 201,
    },
    async ({ principal, body }) => {
      const { key, record } = await keys.issue({ projectId: principal.projectId, ...body })
      await audit.record({
        projectId: principal.projectId,
        actor: principal,
        action: 'key.create',
        target: record.id,
        details: { name: record.name, scopes: record.scopes },
      })
      return { ...recordView(record), projectId: record.projectId, key }
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/keys',
      scope: 'admin',
      tag: TAG,
      summary: 'List the caller’s project keys, revoked ones included (never the keys or their hashes)',
      response: z.strictObject({ projectId: z.string(), keys: z.array(keyRecord) }),
    },
    async ({ principal }) => ({
      projectId: principal.projectId,
      keys: (await keys.list(principal.projectId)).map(recordView),
    }),
  )

  apiRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/v1/keys/:keyId',
      scope: 'admin',
      tag: TAG,
      summary: 'Revoke a key of the caller’s project',
      description:
        'Refused at once by this collector, by the others within their key reload (VIGIL_KEY_RELOAD_MS, 2 s by default). ' +
        'Revoking a revoked key changes nothing. The last admin key of a project cannot be revoked (409).',
      params: z.strictObject({ keyId: z.string().min(1).max(128) }),
      response: keyRecord,
    },
    async ({ principal, params }) => {
      const found = await keys.find(principal.projectId, params.keyId)
      if (!found) throw new VigilError('NOT_FOUND', `No key "${params.keyId}" in this project`)
      if (found.revokedAt === null && found.scopes.includes('admin')) {
        if ((await keys.activeAdminKeys(principal.projectId)) <= 1) {
          throw new VigilError(
            'LAST_ADMIN_KEY',
            'This is the project’s last admin key: create another admin key first, then revoke this one',
          )
        }
      }
      const revoked = await keys.revoke(principal.projectId, params.keyId)
      if (!revoked) throw new VigilError('NOT_FOUND', `No key "${params.keyId}" in this project`)
      if (revoked.revokedNow) {
        await audit.record({
          projectId: principal.projectId,
          actor: principal,
          action: 'key.revoke',
          target: params.keyId,
          details: { name: revoked.record.name, scopes: revoked.record.scopes },
        })
      }
      return recordView(revoked.record)
    },
  )

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/projects',
      scope: 'admin',
      tag: TAG,
      summary: 'Create a project and its first admin key (instance admins only)',
      description:
        'Needs an instance admin: an admin key of the "default" project (created at first start, or VIGIL_API_KEY). ' +
        'The new project’s key has every scope and is in this answer only.',
      body: z.strictObject({ id: projectId, name: z.string().trim().min(1).max(200).optional() }),
      response: z.strictObject({ project, key: issuedKey }),
      status: 201,
    },
    async ({ principal, body }) => {
      requireInstanceAdmin(principal)
      const created = await projects.create({
        id: body.id,
        name: body.name ?? body.id,
        createdBy: `${principal.projectId}/${principal.keyId}`,
      })
      const { key, record } = await keys.issue({
        projectId: created.id,
        name: 'initial admin key',
        scopes: [...SCOPES],
      })
      const details = { name: created.name, firstKeyId: record.id }
      // In both logs: the instance's shows who created which project, the new one who created it.
      for (const projectId of new Set([principal.projectId, created.id])) {
        await audit.record({
          projectId,
          actor: principal,
          action: 'project.create',
          target: created.id,
          details,
        })
      }
      return { project: created, key: { ...recordView(record), projectId: record.projectId, key } }
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/projects',
      scope: 'admin',
      tag: TAG,
      summary: 'List every project of the instance (instance admins only)',
      response: z.strictObject({ projects: z.array(project) }),
    },
    async ({ principal }) => {
      requireInstanceAdmin(principal)
      return { projects: await projects.list() }
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/projects/current',
      scope: 'read',
      tag: TAG,
      summary: 'The caller’s project, and what the caller’s key may do',
      response: z.strictObject({
        project,
        key: z.strictObject({ id: z.string(), scopes: z.array(scope), instanceAdmin: z.boolean() }),
      }),
    },
    async ({ principal }) => ({
      project: (await projects.get(principal.projectId)) ?? {
        id: principal.projectId,
        name: principal.projectId,
        createdAt: null,
      },
      key: { id: principal.keyId, scopes: [...principal.scopes], instanceAdmin: principal.instanceAdmin },
    }),
  )
}

export default keysApi
