import { randomUUID } from 'node:crypto'
import type { AlertNotification } from './notification.js'

/**
 * What `POST /api/v1/alert-channels/:name/test` sends: shaped like a real
 * firing alert, so the receiver's whole path is exercised (parsing, routing,
 * the Slack layout), and saying it is a test in its message and, for
 * webhooks, in `test: true`. Its rule id, `vigil-test`, names no real rule.
 */
export function testNotification(projectId: string, channel: string, nowMs: number): AlertNotification {
  const id = `test-${randomUUID()}`
  return {
    idempotencyKey: id,
    eventId: id,
    kind: 'firing',
    projectId,
    rule: {
      id: 'vigil-test',
      name: 'Test notification',
      description: 'Sent from POST /api/v1/alert-channels/:name/test',
      metric: 'errorRate',
      filters: {},
      comparison: '>',
      threshold: 0.05,
      window: '15m',
      labels: {},
      channels: [channel],
    },
    state: 'firing',
    severity: 'critical',
    value: 0.08,
    threshold: 0.05,
    calls: 120,
    at: new Date(nowMs).toISOString(),
    message: `Test notification from Vigil to channel "${channel}": nothing is wrong, the channel works`,
  }
}
