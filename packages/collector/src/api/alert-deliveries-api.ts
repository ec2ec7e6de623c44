import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { type AlertDeliveryLog, deliveryStatuses } from '../storage/alert-delivery-log.js'
import { apiRoute } from './api-route.js'

export interface AlertDeliveriesApiOptions {
  deliveries: AlertDeliveryLog
}

const deliveriesQuery = z.strictObject({
  ruleId: z.string().min(1).max(128).optional(),
  eventId: z.string().min(1).max(128).optional().describe('The alert event (transition) notified'),
  channel: z.string().min(1).max(200).optional(),
  status: z.enum(deliveryStatuses).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('At most this many attempts (1-1000)'),
})

const deliveryView = z.strictObject({
  at: z.string().describe('When the attempt started, ISO 8601'),
  eventId: z.string(),
  ruleId: z.string().describe('`vigil-test` for a channel test'),
  channel: z.string(),
  kind: z.string().describe('`firing`, `repeat`, `resolved`, `error`, or `test`'),
  attempt: z.number().describe('1 for the first attempt; 0 when nothing was sent (silenced, queue full)'),
  status: z.enum(deliveryStatuses),
  httpStatus: z.number().nullable(),
  error: z.string().nullable().describe('Why it failed, will be retried, or was not sent'),
  durationMs: z.number(),
})

/**
 * `GET /api/v1/alert-deliveries`: every attempt to deliver an alert
 * notification, newest first, so "was anybody told?" has an answer.
 */
const alertDeliveriesApi: FastifyPluginAsync<AlertDeliveriesApiOptions> = async (app, { deliveries }) => {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/alert-deliveries',
      scope: 'read',
      tag: 'Alerts',
      summary: 'Delivery attempts of alert notifications, newest first',
      query: deliveriesQuery,
      response: z.strictObject({ deliveries: z.array(deliveryView) }),
    },
    async ({ principal, query }) => ({
      deliveries: (await deliveries.query({ ...query, projectId: principal.projectId })).map(
        ({ projectId: _, error, ...delivery }) => ({ ...delivery, error: error === '' ? null : error }),
      ),
    }),
  )
}

export default alertDeliveriesApi
