import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { AuditLog } from '../storage/audit-log.js'
import type { ProjectSettings } from '../storage/project-settings.js'
import { apiRoute } from './api-route.js'

export interface ProjectSettingsApiOptions {
  settings: ProjectSettings
  /** VIGIL_RETENTION_DAYS: what a project without its own retention gets. */
  defaultRetentionDays: number
  /** Where retention changes are recorded (`retention.set`). */
  audit: AuditLog
}

/** Ten years: longer is almost always a typo, and the storage column allows far more. */
const MAX_API_RETENTION_DAYS = 3650

const settingsBody = z.strictObject({
  retentionDays: z
    .number()
    .int()
    .min(1)
    .max(MAX_API_RETENTION_DAYS)
    .nullable()
    .describe('Days rows ingested from now on are kept; null returns the project to the collector’s default'),
})

const settingsView = z.strictObject({
  projectId: z.string(),
  retentionDays: z.number().describe('In force for this project'),
  defaultRetentionDays: z.number().describe('The collector’s default (VIGIL_RETENTION_DAYS)'),
})

const TAG = 'Project settings'

/**
 * `/api/v1/projects/current/settings`: the settings of the key's project.
 * GET needs the `read` scope, PUT `admin`. A new retention applies to rows
 * ingested from then on (stored rows keep theirs); other collectors pick it up
 * within their settings refresh.
 */
const projectSettingsApi: FastifyPluginAsync<ProjectSettingsApiOptions> = async (app, options) => {
  const { settings, audit } = options
  const view = (projectId: string) => ({
    projectId,
    retentionDays: settings.retentionDays(projectId),
    defaultRetentionDays: options.defaultRetentionDays,
  })

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/projects/current/settings',
      scope: 'read',
      tag: TAG,
      summary: 'The caller’s project settings',
      response: settingsView,
    },
    async ({ principal }) => view(principal.projectId),
  )

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/projects/current/settings',
      scope: 'admin',
      tag: TAG,
      summary: 'Change the caller’s project settings',
      description: 'A new retention applies to rows ingested from then on; stored rows keep theirs.',
      body: settingsBody,
      response: settingsView,
    },
    async ({ principal, body: { retentionDays } }) => {
      const { projectId } = principal
      const previous = settings.retentionDays(projectId)
      await settings.setRetentionDays(projectId, retentionDays)
      await audit.record({
        projectId,
        actor: principal,
        action: 'retention.set',
        target: 'retention',
        details: {
          retentionDays,
          previousRetentionDays: previous,
          effectiveRetentionDays: view(projectId).retentionDays,
        },
      })
      return view(projectId)
    },
  )
}

export default projectSettingsApi
