import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { signalKinds } from '../ingest/signal-row.js'
import type { TelemetryWriter } from '../ingest/telemetry-batch.js'
import { apiRoute } from './api-route.js'
import { signalRowOf, signalsBody } from './signal-input.js'

/**
 * `POST /api/v1/signals`: human-oversight signals from systems other than the
 * app (a ticketing system's webhook, a CRM, a review tool), for the caller's
 * project. Needs the `ingest` scope, like the OTLP routes: such a system gets
 * a key that can send but not read. The batch is validated whole first (400
 * naming the first bad field, e.g. `signals[3].value`) and then stored whole,
 * through the same writer as OTLP ingest: the answer comes once the signals
 * are durable, and a re-sent idempotency key is dropped there.
 */
const signalsApi: FastifyPluginAsync<{ writer: TelemetryWriter }> = async (app, { writer }) => {
  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/signals',
      scope: 'ingest',
      tag: 'Signals',
      summary: 'Record corrections, feedback, scores, escalations or business outcomes about model calls',
      description:
        'Each signal names the call(s) it is about by `spanId`, else `traceId`, else `subjectId` (the app’s id set ' +
        'with `withContext({ subjectId })`), and only ever calls of the key’s project. Signals about calls Vigil has ' +
        'not seen are stored and reported as orphaned by /api/v1/metrics/summary until the calls arrive. Invalid ' +
        'input stores nothing. A signal whose `idempotencyKey` (per kind) was stored before counts once.',
      body: signalsBody,
      response: z.object({
        accepted: z.number().describe('Signals in the request, all stored (or already stored before)'),
        signals: z.array(z.object({ kind: z.enum(signalKinds), idempotencyKey: z.string() })),
      }),
    },
    async ({ principal, body, request }) => {
      const receivedAt = new Date()
      const rows = body.signals.map((signal) => signalRowOf(signal, principal.projectId, receivedAt))
      const bytes = Number(request.headers['content-length'] ?? 0) || rows.length * 512
      await writer.write({ calls: [], spans: [], logs: [], signals: rows }, bytes)
      return {
        accepted: rows.length,
        signals: rows.map((row) => ({ kind: row.kind, idempotencyKey: row.idempotency_key })),
      }
    },
  )
}

export default signalsApi
