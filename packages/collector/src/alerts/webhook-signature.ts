import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The `Vigil-Signature` header of a webhook delivery whose channel has a
 * secret, in Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">`. The timestamp is signed with the body, so a receiver
 * that refuses old timestamps cannot be fed a recorded delivery later; each
 * attempt is signed afresh for that reason (the body, and so the
 * idempotency key, stay the same). `v1` names the scheme, so another can be
 * added beside it without breaking receivers.
 */
export const SIGNATURE_HEADER = 'vigil-signature'

export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, body)}`
}

/**
 * What a receiver does: recompute the HMAC over the raw body (before any
 * JSON parsing) and compare in constant time, refusing timestamps older
 * than `toleranceSeconds` (5 minutes by default, as Stripe does).
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const fields = new Map<string, string[]>()
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2)
    if (key && value) fields.set(key, [...(fields.get(key) ?? []), value])
  }
  const timestamp = Number(fields.get('t')?.[0])
  if (!Number.isInteger(timestamp)) return false
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex')
  return (fields.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
}

function hmac(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')
}
