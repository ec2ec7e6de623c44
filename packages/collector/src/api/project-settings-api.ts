import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { principalOf } from '../auth/auth-plugin.js'
import type { ProjectSettings } from '../storage/project-settings.js'
import { parseBody } from './parse-body.js'

export interface ProjectSettingsApiOptions {
  settings: ProjectSettings
  /** VIGIL_RETENTION_DAYS: what a project without its own retention gets. */
  defaultRetentionDays: number
}

/** Ten years: longer is almost always a typo, and the storage column allows far more. */
const MAX_API_RETENTION_DAYS = 3650

const settingsBody = z.strictObject({
  /** `null` returns the project to the collector's default. */
  retentionDays: z.number().int().min(1).max(MAX_API_RETENTION_DAYS).nullable(),
})

/**
 * `/api/v1/projects/current/settings`: the settings of the key's project.
 * GET needs the `read` scope, PUT `admin`. A new retention applies to rows
 * ingested from then on (stored rows keep theirs); other collectors pick it up
 * within their settings refresh.
 */
const projectSettingsApi: FastifyPluginAsync<ProjectSettingsApiOptions> = async (app, options) => {
  const { settings } = options
  const view = (projectId: string) => ({
    projectId,
    retentionDays: settings.retentionDays(projectId),
    defaultRetentionDays: options.defaultRetentionDays,
  })

  app.get('/api/v1/projects/current/settings', async (request) => {
    const { projectId } = principalOf(request, 'read')
    return view(projectId)
  })

  app.put('/api/v1/projects/current/settings', async (request) => {
    const { projectId } = principalOf(request, 'admin')
    const { retentionDays } = parseBody(settingsBody, request.body)
    await settings.setRetentionDays(projectId, retentionDays)
    return view(projectId)
  })
}

export default projectSettingsApi
