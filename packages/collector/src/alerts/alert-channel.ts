import { z } from 'zod'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { DefinitionStore } from '../storage/definition-store.js'

/**
 * A notification channel: where a rule's notifications go. Rules name
 * channels in `channels`; a channel is defined once per project (through
 * `/api/v1/alert-channels` or `vigil.config.*`) so a URL or a secret is
 * changed in one place, and never copied into rules.
 */

export const channelTypes = ['webhook', 'slack', 'log'] as const
export type ChannelType = (typeof channelTypes)[number]

/** What the API shows instead of a secret; sent back unchanged in a PUT, it keeps the stored value. */
export const SECRET_MASK = '<secret>'

export const channelName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/,
    'letters, digits, `_`, `.`, `-`, starting with a letter or digit; at most 100',
  )
  .describe('Unique in the project; what rules list in `channels`')

/**
 * Credentials in the URL (`https://user:pass@host`) are refused: they end up
 * in proxy logs and error messages, and a webhook can carry them in `headers`
 * (an `Authorization` header), which the API never shows.
 */
const httpUrl = z
  .string()
  .max(2048)
  .superRefine((text, ctx) => {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute http:// or https:// URL' })
      return
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `must be http:// or https://, not ${url.protocol}//` })
    } else if (url.username !== '' || url.password !== '') {
      ctx.addIssue({
        code: 'custom',
        message: 'must not carry credentials (user:password@): send them in `headers`, e.g. Authorization',
      })
    }
  })

/** Set by the collector on every delivery; a channel cannot override them. */
export const reservedHeaders = [
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'idempotency-key',
  'vigil-signature',
]

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'must be an HTTP header name')
  .refine((name) => !reservedHeaders.includes(name.toLowerCase()), {
    message: `is set by the collector (${reservedHeaders.join(', ')})`,
  })
// No CR/LF: a header value must not be able to start another header.
const headerValue = z
  .string()
  .max(4096)
  .regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'must be printable, without line breaks')

const description = z.string().max(500).optional()

export const webhookChannel = z.strictObject({
  name: channelName,
  type: z.literal('webhook'),
  description,
  url: httpUrl.describe('Receives a JSON POST per notification (see the webhook payload, version 1)'),
  headers: z
    .record(headerName, headerValue)
    .refine((headers) => Object.keys(headers).length <= 20, 'at most 20 headers')
    .optional()
    .describe('Sent with every delivery, e.g. Authorization; shown masked'),
  secret: z
    .string()
    .max(256)
    .refine(
      (secret) => secret === SECRET_MASK || secret.length >= 16,
      'must be at least 16 characters: it is the HMAC key receivers verify signatures with',
    )
    .optional()
    .describe(
      'Signs each delivery: header `Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; shown masked',
    ),
})

export const slackChannel = z.strictObject({
  name: channelName,
  type: z.literal('slack'),
  description,
  url: httpUrl.describe(
    'A Slack (or Slack-compatible: Mattermost, Rocket.Chat…) incoming-webhook URL; it is a credential, shown masked',
  ),
})

export const logChannel = z.strictObject({
  name: channelName,
  type: z.literal('log'),
  description,
})

/** The message of a missing or unknown `type`. */
export const unknownChannelType = (issue: { code?: string }) =>
  issue.code === 'invalid_union' ? `must be one of: ${channelTypes.join(', ')}` : undefined

export const alertChannelInput = z.discriminatedUnion('type', [webhookChannel, slackChannel, logChannel], {
  error: unknownChannelType,
})

export type AlertChannelInput = z.input<typeof alertChannelInput>
export type AlertChannel = z.output<typeof alertChannelInput>
export type WebhookChannel = z.output<typeof webhookChannel>
export type SlackChannel = z.output<typeof slackChannel>

/** The project's channels, as stored (migration 011, table `alert_channels`, keyed by name). */
export function channelStore(store: ClickHouseStore): DefinitionStore<AlertChannel> {
  return new DefinitionStore(store, 'alert_channels', (value) => alertChannelInput.parse(value))
}

/**
 * The channel as the API shows it: secrets replaced by {@link SECRET_MASK}.
 * A URL keeps only its origin: Slack, Discord, Teams and Google Chat put the
 * credential in the path or the query, so the rest of any URL is treated as one.
 */
export function maskChannel(channel: AlertChannel): AlertChannel {
  switch (channel.type) {
    case 'log':
      return channel
    case 'slack':
      return { ...channel, url: maskUrl(channel.url) }
    case 'webhook':
      return {
        ...channel,
        url: maskUrl(channel.url),
        ...(channel.headers && {
          headers: Object.fromEntries(Object.keys(channel.headers).map((name) => [name, SECRET_MASK])),
        }),
        ...(channel.secret !== undefined && { secret: SECRET_MASK }),
      }
  }
}

export function maskUrl(text: string): string {
  const url = new URL(text)
  return url.pathname === '/' && url.search === '' ? text : `${url.origin}/${SECRET_MASK}`
}

/**
 * `input` with each masked value (as the API showed it) replaced by the stored
 * one, so a client can GET a channel, change one field and PUT it back.
 * Returns the path of a masked field with nothing stored behind it.
 */
export function restoreSecrets(
  input: AlertChannel,
  stored: AlertChannel | undefined,
): { channel: AlertChannel } | { maskedField: string } {
  if (input.type === 'log') return { channel: input }
  const storedUrl = stored && stored.type !== 'log' ? stored.url : undefined
  let url = input.url
  if (storedUrl !== undefined && input.url === maskUrl(storedUrl)) url = storedUrl
  else if (input.url.includes(SECRET_MASK)) return { maskedField: 'url' }
  if (input.type === 'slack') return { channel: { ...input, url } }
  const previous = stored?.type === 'webhook' ? stored : undefined
  let headers: Record<string, string> | undefined
  if (input.headers) {
    headers = {}
    for (const [name, value] of Object.entries(input.headers)) {
      if (value !== SECRET_MASK) {
        headers[name] = value
        continue
      }
      const kept = previous?.headers?.[name]
      if (kept === undefined) return { maskedField: `headers.${name}` }
      headers[name] = kept
    }
  }
  let secret = input.secret
  if (secret === SECRET_MASK) {
    if (previous?.secret === undefined) return { maskedField: 'secret' }
    secret = previous.secret
  }
  return {
    channel: {
      ...input,
      url,
      ...(headers && { headers }),
      ...(secret !== undefined && { secret }),
    },
  }
}
