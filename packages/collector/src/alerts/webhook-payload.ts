import type { AlertNotification } from './notification.js'

/**
 * The JSON body of a generic webhook delivery. Receivers parse it, so its
 * shape is a contract: `version` changes only when a field changes meaning or
 * disappears; fields may be added within a version. Every field is always
 * present (null when it has no value), so a receiver's schema does not depend
 * on the kind of notification.
 */
export const WEBHOOK_PAYLOAD_VERSION = 1

export interface WebhookPayload {
  version: typeof WEBHOOK_PAYLOAD_VERSION
  /** Also the `Idempotency-Key` header: the same for every attempt and every channel of one notification. */
  idempotencyKey: string
  eventId: string
  kind: AlertNotification['kind']
  state: AlertNotification['state']
  severity: AlertNotification['severity']
  /** A test sent from `POST /api/v1/alert-channels/:name/test`: nothing is wrong. */
  test: boolean
  project: { id: string }
  rule: {
    id: string
    name: string
    description: string | null
    metric: string
    filters: Record<string, string>
    comparison: string
    threshold: number
    warningThreshold: number | null
    window: string
    labels: Record<string, string>
    budget: { period: string } | null
  }
  value: number | null
  threshold: number
  calls: number
  message: string
  firingSince: string | null
  at: string
  forecast: { value: number; periodEnd: string } | null
}

export function webhookPayload(
  notification: AlertNotification,
  options: { test?: boolean } = {},
): WebhookPayload {
  const { rule } = notification
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    idempotencyKey: notification.idempotencyKey,
    eventId: notification.eventId,
    kind: notification.kind,
    state: notification.state,
    severity: notification.severity,
    test: options.test ?? false,
    project: { id: notification.projectId },
    rule: {
      id: rule.id,
      name: rule.name,
      description: rule.description ?? null,
      metric: rule.metric,
      filters: definedEntries(rule.filters),
      comparison: rule.comparison,
      threshold: rule.threshold,
      warningThreshold: rule.warningThreshold ?? null,
      window: rule.window,
      labels: { ...rule.labels },
      budget: rule.budget ? { period: rule.budget.period } : null,
    },
    value: notification.value,
    threshold: notification.threshold,
    calls: notification.calls,
    message: notification.message,
    firingSince: notification.firingSince ?? null,
    at: notification.at,
    forecast: notification.forecast ? { ...notification.forecast } : null,
  }
}

function definedEntries(record: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value
  return out
}
