import type { AlertNotification } from './notification.js'

/**
 * The body of a Slack incoming-webhook delivery: `text` (what the push
 * notification shows, and all that Slack-compatible receivers without Block
 * Kit render — Mattermost, Rocket.Chat) plus `blocks` for Slack itself.
 * Limits from Slack's Block Kit reference: header text ≤ 150 characters,
 * section text ≤ 3000, ≤ 10 fields of ≤ 2000 each.
 */

export interface SlackText {
  type: 'plain_text' | 'mrkdwn'
  text: string
  emoji?: boolean
}

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText }
  | { type: 'section'; fields: SlackText[] }
  | { type: 'context'; elements: SlackText[] }

export interface SlackPayload {
  text: string
  blocks: SlackBlock[]
}

const titles: Record<AlertNotification['kind'], string> = {
  firing: 'Firing',
  repeat: 'Still firing',
  resolved: 'Resolved',
  error: 'Cannot evaluate',
}

export function slackPayload(
  notification: AlertNotification,
  options: { test?: boolean } = {},
): SlackPayload {
  const { rule } = notification
  const test = options.test ? '[test] ' : ''
  const title = `${test}${titles[notification.kind]}${severityNote(notification)}: ${rule.name}`
  const fields = [
    field('Value', formatNumber(notification.value)),
    field('Threshold', `${rule.comparison} ${formatNumber(notification.threshold)}`),
    field('Calls', formatNumber(notification.calls)),
    field('Window', rule.window),
  ]
  if (notification.firingSince) fields.push(field('Firing since', notification.firingSince))
  if (notification.forecast) {
    fields.push(
      field('Forecast', `${formatNumber(notification.forecast.value)} by ${notification.forecast.periodEnd}`),
    )
  }
  const context = [`rule \`${rule.id}\``, `project \`${notification.projectId}\``, notification.at]
  const labels = Object.entries(rule.labels).map(([name, value]) => `${name}=${value}`)
  if (labels.length > 0) context.push(labels.join(' '))
  return {
    text: `${emoji(notification)} ${escapeMrkdwn(title)}: ${escapeMrkdwn(notification.message)}`,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: clip(`${emoji(notification)} ${title}`, 150), emoji: true },
      },
      { type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(notification.message), 3000) } },
      { type: 'section', fields: fields.slice(0, 10) },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(context.join(' · ')), 3000) }],
      },
    ],
  }
}

function severityNote(notification: AlertNotification): string {
  if (notification.kind === 'resolved' || notification.kind === 'error') return ''
  return notification.severity === 'none' ? '' : ` (${notification.severity})`
}

function emoji(notification: AlertNotification): string {
  switch (notification.kind) {
    case 'resolved':
      return ':white_check_mark:'
    case 'error':
      return ':warning:'
    default:
      return notification.severity === 'warning' ? ':large_orange_circle:' : ':red_circle:'
  }
}

function field(name: string, value: string): SlackText {
  return { type: 'mrkdwn', text: clip(`*${name}*\n${escapeMrkdwn(value)}`, 2000) }
}

/** Slack reads `&`, `<` and `>` as markup (links, mentions): user text must escape them. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function formatNumber(value: number | null): string {
  if (value === null) return 'none'
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toPrecision(4)))
}
