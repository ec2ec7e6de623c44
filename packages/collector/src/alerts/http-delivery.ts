import type { SlackChannel, WebhookChannel } from './alert-channel.js'
import type { AlertNotification } from './notification.js'
import { slackPayload } from './slack-payload.js'
import { webhookPayload } from './webhook-payload.js'
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js'

/**
 * One HTTP attempt to deliver a notification to a webhook or Slack channel,
 * and what it means for retrying: 2xx delivered; 5xx, 429, a timeout or a
 * network error worth another try; any other answer (4xx, a redirect) final,
 * as retrying a refused payload only repeats the refusal.
 */

export type AttemptOutcome =
  | { result: 'delivered'; httpStatus: number | null }
  | { result: 'retry'; httpStatus: number | null; error: string; retryAfter?: string | null }
  | { result: 'failed'; httpStatus: number | null; error: string }

export interface HttpDeliveryOptions {
  fetch: typeof fetch
  timeoutMs: number
  /** Aborted when the collector closes: the request ends at once. */
  signal: AbortSignal
  /** Signature timestamp. */
  nowMs: number
  test: boolean
}

/** How much of a refusal's body is kept in the delivery record (Slack explains its 4xx there: `invalid_payload`). */
const SNIPPET_BYTES = 300

/** The same bytes for every attempt of a notification: receivers may hash or sign-check them. */
export function requestBody(
  channel: WebhookChannel | SlackChannel,
  notification: AlertNotification,
  test: boolean,
): string {
  const payload =
    channel.type === 'slack' ? slackPayload(notification, { test }) : webhookPayload(notification, { test })
  return JSON.stringify(payload)
}

export async function postNotification(
  channel: WebhookChannel | SlackChannel,
  notification: AlertNotification,
  options: HttpDeliveryOptions,
): Promise<AttemptOutcome> {
  const body = requestBody(channel, notification, options.test)
  const headers: Record<string, string> = {
    ...(channel.type === 'webhook' ? channel.headers : {}),
    'content-type': 'application/json',
    'user-agent': 'vigil-collector',
    'idempotency-key': notification.idempotencyKey,
  }
  if (channel.type === 'webhook' && channel.secret !== undefined) {
    headers[SIGNATURE_HEADER] = signWebhook(channel.secret, body, Math.floor(options.nowMs / 1000))
  }
  let response: Response
  try {
    response = await options.fetch(channel.url, {
      method: 'POST',
      headers,
      body,
      // A POST redirected becomes a GET (301/302), and a redirect may lead anywhere: not followed.
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]),
    })
  } catch (error) {
    return requestFailure(error, options)
  }
  const status = response.status
  if (status >= 200 && status < 300) {
    await response.body?.cancel().catch(() => {})
    return { result: 'delivered', httpStatus: status }
  }
  const snippet = await readSnippet(response)
  const error = `HTTP ${status}${snippet ? `: ${snippet}` : ''}`
  if (status === 429 || status >= 500) {
    return { result: 'retry', httpStatus: status, error, retryAfter: response.headers.get('retry-after') }
  }
  if (status >= 300 && status < 400) {
    return {
      result: 'failed',
      httpStatus: status,
      error: `${error} (a redirect, not followed: set the channel's URL to where it points)`,
    }
  }
  return { result: 'failed', httpStatus: status, error: `${error} (refused by the receiver: not retried)` }
}

function requestFailure(error: unknown, options: HttpDeliveryOptions): AttemptOutcome {
  const name = (error as { name?: string } | null)?.name
  if (name === 'TimeoutError') {
    return { result: 'retry', httpStatus: null, error: `no answer within ${options.timeoutMs} ms` }
  }
  if (options.signal.aborted) {
    return { result: 'failed', httpStatus: null, error: 'aborted: the collector closed during the request' }
  }
  return { result: 'retry', httpStatus: null, error: `network error: ${networkReason(error)}` }
}

/** undici reports `fetch failed` and puts the reason (ECONNREFUSED, ENOTFOUND, a TLS error…) in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause as
    | { message?: string; code?: string; errors?: { message?: string }[] }
    | undefined
  const detail = cause?.message || cause?.errors?.[0]?.message || cause?.code
  const message = error instanceof Error ? error.message : String(error)
  return detail ? `${message} (${detail})` : message
}

async function readSnippet(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } catch {
    // A body that breaks off (or times out) leaves what was read: the status says enough.
  } finally {
    await reader.cancel().catch(() => {})
  }
  const text = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8')
  return text.replace(/\s+/g, ' ').trim()
}
