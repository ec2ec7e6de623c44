import { describe, expect, it } from 'vitest'
import {
  type AlertChannel,
  alertChannelInput,
  maskChannel,
  restoreSecrets,
  SECRET_MASK,
} from './alert-channel.js'

const firstIssue = (input: unknown) => {
  const parsed = alertChannelInput.safeParse(input)
  if (parsed.success) return undefined
  const issue = parsed.error.issues[0]
  return { path: issue?.path.join('.'), message: issue?.message }
}

const webhook: AlertChannel = {
  name: 'ops',
  type: 'webhook',
  url: 'https://hooks.example.com/vigil/T0K3N?sig=abc',
  headers: { Authorization: 'Bearer s3cret', 'X-Team': 'ops' },
  secret: 'whsec-0123456789abcdef',
}

describe('alertChannelInput', () => {
  it('accepts the three types', () => {
    expect(alertChannelInput.parse({ name: 'log', type: 'log' })).toEqual({ name: 'log', type: 'log' })
    expect(alertChannelInput.parse(webhook)).toEqual(webhook)
    const slack = { name: 's', type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' }
    expect(alertChannelInput.parse(slack)).toEqual(slack)
  })

  it('refuses an unknown type, naming the types there are', () => {
    expect(firstIssue({ name: 'x', type: 'email' })).toEqual({
      path: 'type',
      message: 'must be one of: webhook, slack, log',
    })
  })

  it('takes http(s) URLs only, without credentials in them', () => {
    expect(firstIssue({ name: 'x', type: 'slack', url: 'ftp://example.com/x' })?.path).toBe('url')
    expect(firstIssue({ name: 'x', type: 'slack', url: 'not a url' })?.path).toBe('url')
    expect(firstIssue({ name: 'x', type: 'webhook', url: 'https://user:pw@example.com/' })).toMatchObject({
      path: 'url',
      message: expect.stringContaining('must not carry credentials'),
    })
  })

  it('refuses headers the collector sets itself, header injection and short secrets', () => {
    const base = { name: 'x', type: 'webhook', url: 'https://example.com/' }
    expect(firstIssue({ ...base, headers: { 'Idempotency-Key': 'k' } })?.path).toBe('headers.Idempotency-Key')
    expect(firstIssue({ ...base, headers: { 'X-A': 'a\r\nX-B: b' } })?.path).toBe('headers.X-A')
    expect(firstIssue({ ...base, secret: 'short' })?.path).toBe('secret')
  })
})

describe('maskChannel', () => {
  it('never shows a secret: the signing secret, header values, and the URL past its origin', () => {
    expect(maskChannel(webhook)).toEqual({
      name: 'ops',
      type: 'webhook',
      url: `https://hooks.example.com/${SECRET_MASK}`,
      headers: { Authorization: SECRET_MASK, 'X-Team': SECRET_MASK },
      secret: SECRET_MASK,
    })
    const bare: AlertChannel = { name: 'bare', type: 'webhook', url: 'https://example.com/' }
    expect(maskChannel(bare)).toEqual(bare)
  })
})

describe('restoreSecrets', () => {
  it('keeps the stored value of each field sent back masked, and takes the new ones', () => {
    const edited = alertChannelInput.parse({
      ...maskChannel(webhook),
      headers: { Authorization: SECRET_MASK, 'X-Team': 'platform' },
      description: 'renamed team',
    })
    expect(restoreSecrets(edited, webhook)).toEqual({
      channel: {
        ...webhook,
        headers: { Authorization: 'Bearer s3cret', 'X-Team': 'platform' },
        description: 'renamed team',
      },
    })
  })

  it('names a masked field with nothing stored behind it', () => {
    const masked = alertChannelInput.parse(maskChannel(webhook))
    expect(restoreSecrets(masked, undefined)).toEqual({ maskedField: 'url' })
    const newHeader = alertChannelInput.parse({ ...webhook, headers: { 'X-New': SECRET_MASK } })
    expect(restoreSecrets(newHeader, webhook)).toEqual({ maskedField: 'headers.X-New' })
    const slack: AlertChannel = { name: 'ops', type: 'slack', url: webhook.url }
    const secret = alertChannelInput.parse({ ...webhook, secret: SECRET_MASK })
    expect(restoreSecrets(secret, slack)).toEqual({ maskedField: 'secret' })
  })
})
