import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import {
  type AlertChannel,
  alertChannelInput,
  channelName,
  channelTypes,
  logChannel,
  maskChannel,
  restoreSecrets,
  SECRET_MASK,
  slackChannel,
  unknownChannelType,
  webhookChannel,
} from '../alerts/alert-channel.js'
import type { NotificationDispatcher } from '../alerts/notification-dispatcher.js'
import { VigilError } from '../errors.js'
import type { AuditLog } from '../storage/audit-log.js'
import type { DefinitionStore, StoredDefinition } from '../storage/definition-store.js'
import { apiRoute } from './api-route.js'
import { deleteFromApi, editableDefinition, saveFromApi } from './definition-edits.js'

export interface AlertChannelsApiOptions {
  channels: DefinitionStore<AlertChannel>
  /** Records `channel.create`, `channel.update`, `channel.delete` (never a secret). */
  audit: AuditLog
  /** Sends what `POST /api/v1/alert-channels/:name/test` asks for. */
  dispatcher: Pick<NotificationDispatcher, 'test'>
  /** The project's rules (`DefinitionStore<AlertRule>` fits): when given, a channel rules send to cannot be deleted. */
  rules?: { list(projectId: string): Promise<{ id: string; definition: { channels: readonly string[] } }[]> }
}

const TAG = 'Alerts'

const channelView = z.strictObject({
  name: z.string(),
  type: z.enum(channelTypes),
  description: z.string().optional(),
  url: z
    .string()
    .optional()
    .describe(`Its origin only, then \`/${SECRET_MASK}\`: paths and queries often hold the credential`),
  headers: z.record(z.string(), z.string()).optional().describe(`Values shown as \`${SECRET_MASK}\``),
  secret: z.string().optional().describe(`\`${SECRET_MASK}\` when set`),
  source: z.enum(['api', 'file']).describe('`file`: from vigil.config.*, read-only here'),
  updatedAt: z.string().describe('ISO 8601'),
  updatedBy: z.string(),
})

/** A PUT names the channel in its path; `name` in the body may repeat it, not change it. */
const optionalName = { name: channelName.optional() }
const channelUpdate = z.discriminatedUnion(
  'type',
  [webhookChannel.extend(optionalName), slackChannel.extend(optionalName), logChannel.extend(optionalName)],
  { error: unknownChannelType },
)

const nameParams = z.strictObject({ name: channelName })

const testResult = z.strictObject({
  channel: z.string(),
  eventId: z.string().describe('Find the attempt with GET /api/v1/alert-deliveries?eventId='),
  status: z.enum(['delivered', 'failed']),
  httpStatus: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
})

const view = (entry: StoredDefinition<AlertChannel>) => ({
  ...maskChannel(entry.definition),
  source: entry.source,
  updatedAt: entry.updatedAt,
  updatedBy: entry.updatedBy,
})

/**
 * `/api/v1/alert-channels`: where alert notifications go (webhook, Slack,
 * log). Reads need `read` and never show a secret; changes need `admin` and
 * are audited. Channels from the config file are read-only here (409).
 */
const alertChannelsApi: FastifyPluginAsync<AlertChannelsApiOptions> = async (app, options) => {
  const { channels, audit, dispatcher } = options

  const find = async (projectId: string, name: string) => {
    const entry = await channels.get(projectId, name)
    if (!entry) throw new VigilError('NOT_FOUND', `No alert channel "${name}" in this project`)
    return entry
  }
  const editable = async (projectId: string, name: string) => {
    await editableDefinition(channels, projectId, name, `The alert channel "${name}"`)
    return find(projectId, name)
  }
  const unmasked = (input: AlertChannel, stored: AlertChannel | undefined): AlertChannel => {
    const restored = restoreSecrets(input, stored)
    if ('channel' in restored) return restored.channel
    throw new VigilError(
      'INVALID_BODY',
      `Invalid field "${restored.maskedField}": "${SECRET_MASK}" stands for a stored value, and there is none to keep: send the real value`,
    )
  }

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/alert-channels',
      scope: 'read',
      tag: TAG,
      summary: 'The project’s notification channels, secrets masked',
      response: z.strictObject({ channels: z.array(channelView) }),
    },
    async ({ principal }) => ({ channels: (await channels.list(principal.projectId)).map(view) }),
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/alert-channels/:name',
      scope: 'read',
      tag: TAG,
      summary: 'One notification channel, secrets masked',
      params: nameParams,
      response: channelView,
    },
    async ({ principal, params }) => view(await find(principal.projectId, params.name)),
  )

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/alert-channels',
      scope: 'admin',
      tag: TAG,
      summary: 'Create a notification channel',
      description:
        '`webhook`: a JSON POST per notification (versioned payload, `Idempotency-Key` header, optional HMAC ' +
        'signature); `slack`: a Slack incoming-webhook message; `log`: a line in the collector log.',
      body: alertChannelInput,
      response: channelView,
      status: 201,
    },
    async ({ principal, body }) => {
      const channel = unmasked(body, undefined)
      if (await channels.get(principal.projectId, channel.name)) {
        throw new VigilError(
          'CHANNEL_EXISTS',
          `An alert channel "${channel.name}" exists already: change it with PUT /api/v1/alert-channels/${channel.name}`,
        )
      }
      const stored = await saveFromApi(channels, audit, principal, {
        id: channel.name,
        definition: channel,
        action: 'channel.create',
        details: { type: channel.type },
      })
      return view(stored)
    },
  )

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/alert-channels/:name',
      scope: 'admin',
      tag: TAG,
      summary: 'Replace a notification channel',
      description: `A masked value sent back as shown (\`${SECRET_MASK}\`, or a URL's origin followed by \`/${SECRET_MASK}\`) keeps the stored one.`,
      params: nameParams,
      body: channelUpdate,
      response: channelView,
    },
    async ({ principal, params, body }) => {
      if (body.name !== undefined && body.name !== params.name) {
        throw new VigilError(
          'INVALID_BODY',
          `Invalid field "name": channels cannot be renamed (rules refer to them by name); create "${body.name}" and point the rules to it`,
        )
      }
      const previous = await editable(principal.projectId, params.name)
      const channel = unmasked({ ...body, name: params.name } as AlertChannel, previous.definition)
      const stored = await saveFromApi(channels, audit, principal, {
        id: params.name,
        definition: channel,
        action: 'channel.update',
        details: { type: channel.type, previousType: previous.definition.type },
      })
      return view(stored)
    },
  )

  apiRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/v1/alert-channels/:name',
      scope: 'admin',
      tag: TAG,
      summary: 'Delete a notification channel that no rule sends to',
      params: nameParams,
      response: channelView,
    },
    async ({ principal, params }) => {
      const entry = await editable(principal.projectId, params.name)
      const users = (await options.rules?.list(principal.projectId))
        ?.filter((rule) => rule.definition.channels.includes(params.name))
        .map((rule) => rule.id)
      if (users && users.length > 0) {
        throw new VigilError(
          'CHANNEL_IN_USE',
          `Rule(s) ${users.map((id) => `"${id}"`).join(', ')} send to "${params.name}": remove it from their channels first`,
        )
      }
      await deleteFromApi(channels, audit, principal, {
        id: params.name,
        action: 'channel.delete',
        details: { type: entry.definition.type },
      })
      return view(entry)
    },
  )

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/alert-channels/:name/test',
      scope: 'admin',
      tag: TAG,
      summary: 'Send a test notification to a channel now, once, and say how it went',
      description:
        'A firing-looking notification marked as a test (`test: true` in webhook payloads). ' +
        'Not retried; recorded in the delivery log with kind `test`.',
      params: nameParams,
      response: testResult,
    },
    async ({ principal, params }) => {
      const entry = await find(principal.projectId, params.name)
      return dispatcher.test(principal.projectId, entry.definition)
    },
  )
}

export default alertChannelsApi
