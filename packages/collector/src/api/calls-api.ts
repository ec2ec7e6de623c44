import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { VigilError } from '../errors.js'
import { decodeCallCursor } from '../storage/call-cursor.js'
import { queryCallDetail } from '../storage/call-detail-query.js'
import { queryCalls } from '../storage/calls-query.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { MAX_TRACE_SPANS, queryTrace, type TraceNode } from '../storage/trace-query.js'
import { apiRoute } from './api-route.js'
import { instant } from './instant.js'

const DAY_MS = 24 * 60 * 60 * 1000
const TAG = 'Calls'

const filterValue = z.string().min(1).max(256)
const hexId = (length: number) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `must be ${length} hex characters`)
    .transform((id) => id.toLowerCase())
const amount = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a number ≥ 0')
  .transform(Number)

const listQuery = z.strictObject({
  from: instant
    .optional()
    .describe('Start of the window (inclusive); default 24 h before `to`, or with a cursor the first page’s'),
  to: instant.optional().describe('End of the window (exclusive); default now'),
  useCase: filterValue.optional(),
  model: filterValue.optional().describe('The model that answered or the one asked for'),
  provider: filterValue.optional(),
  environment: filterValue.optional(),
  promptVersion: filterValue.optional(),
  userId: filterValue.optional(),
  sessionId: filterValue.optional(),
  subjectId: filterValue.optional(),
  tag: filterValue.optional().describe('Calls carrying this tag'),
  serviceName: filterValue.optional(),
  status: z.enum(['ok', 'error']).optional(),
  minLatencyMs: amount.optional().describe('Calls that took at least this long'),
  minCostUsd: amount.optional().describe('Calls of known cost at least this'),
  fallback: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('true: calls that were an attempt of a fallback chain; false: calls that were not'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .optional()
    .describe(
      'Text in the captured input or output, ignoring case; its words match whole words ' +
        '(`refund` finds "Refund issued." but not "refunds")',
    ),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be an integer')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional()
    .describe('Calls per page, 1 to 500; default 50'),
  cursor: z
    .string()
    .max(400)
    .transform((text, context) => {
      const cursor = decodeCallCursor(text)
      if (cursor === undefined) {
        context.addIssue({ code: 'custom', message: 'is not a cursor this API returned' })
        return z.NEVER
      }
      return cursor
    })
    .optional()
    .describe('`nextCursor` of the previous page'),
})

const nullableText = z.string().nullable()
const isoTime = z.iso.datetime().describe('ISO 8601 UTC, nanosecond precision')

const callSummary = z.strictObject({
  spanId: z.string(),
  traceId: z.string(),
  parentSpanId: nullableText,
  startTime: isoTime,
  durationMs: z.number(),
  ttftMs: z.number().nullable().describe('Time to first token of a streamed call'),
  model: nullableText.describe('The model that answered, else the one asked for'),
  requestModel: nullableText,
  provider: nullableText,
  useCase: nullableText,
  environment: nullableText,
  promptVersion: nullableText,
  serviceName: z.string(),
  status: z.enum(['ok', 'error']),
  errorType: nullableText,
  tokens: z
    .strictObject({
      input: z.number().nullable(),
      output: z.number().nullable(),
      cacheRead: z.number().nullable(),
      cacheCreation: z.number().nullable(),
      reasoning: z.number().nullable(),
    })
    .describe('null where the call reported no count'),
  costUsd: z.number().nullable().describe('null when unknown (no usage, or no price for the model)'),
  costBasis: z.string().describe('Where the cost came from: catalog, override:<version>, sdk, unknown…'),
  userId: nullableText,
  sessionId: nullableText,
  subjectId: nullableText,
  tags: z.array(z.string()),
  fallback: z
    .strictObject({
      attempt: z.number().int().min(1),
      step: nullableText,
      reason: nullableText.describe('Why the chain left this attempt; null if it served'),
      served: z.boolean(),
    })
    .nullable()
    .describe('Set when the call was an attempt of a withFallback chain'),
  cacheHit: z.boolean(),
  streamAbandoned: z.boolean(),
  source: z
    .string()
    .describe('Instrumentation family: vigil, otel-genai, openllmetry, openinference, vercel-ai'),
  preview: z
    .strictObject({ input: nullableText, output: nullableText })
    .describe('Start of the captured content as one line of text; null when not captured'),
})

const fallbackAttempt = z.strictObject({
  spanId: z.string(),
  kind: z.enum(['llm', 'span']).describe('llm: a model call; span: a step that made none'),
  name: z.string(),
  attempt: z.number().int().min(1),
  step: nullableText,
  reason: nullableText,
  served: z.boolean(),
  status: z.enum(['ok', 'error', 'unset']),
  startTime: isoTime,
  durationMs: z.number(),
  model: nullableText,
  provider: nullableText,
  costUsd: z.number().nullable(),
})

const callDetail = callSummary.extend({
  endTime: isoTime,
  spanName: z.string(),
  operation: z.string(),
  responseModel: nullableText,
  responseId: nullableText,
  finishReasons: z.array(z.string()),
  serverAddress: nullableText,
  attributes: z.record(z.string(), z.string()),
  resourceAttributes: z.record(z.string(), z.string()),
  content: z
    .strictObject({ input: nullableText, output: nullableText })
    .describe('Captured content as GenAI messages JSON ([{role, parts}]); null when not captured'),
  fallbackChain: z
    .array(fallbackAttempt)
    .describe('Every attempt of the fallback chain this call was part of, itself included, by attempt'),
  signals: z
    .array(
      z.strictObject({
        kind: z.string().describe('correction, feedback, score, escalation or outcome'),
        time: z.string(),
        name: nullableText.describe('feedback: thumb or rating; score and outcome: their name'),
        value: z.number().nullable(),
        source: nullableText,
        author: nullableText,
        reason: nullableText,
        comment: nullableText,
        correctedText: nullableText.describe('Only when the app captured content'),
        via: z.string().describe('How it arrived: sdk, otlp or http'),
        idempotencyKey: z.string(),
      }),
    )
    .describe('Human signals about the call (by span, else trace, else subject id), oldest first'),
})

// Recursive: the JSON Schema of the response refers to it as `#/$defs/TraceNode`.
const traceNode: z.ZodType<TraceNode, TraceNode> = z
  .lazy(() =>
    z.strictObject({
      spanId: z.string(),
      parentSpanId: nullableText,
      kind: z.enum(['llm', 'span']),
      name: z.string(),
      serviceName: z.string(),
      startTime: isoTime,
      endTime: isoTime,
      durationMs: z.number(),
      status: z.enum(['ok', 'error', 'unset']),
      call: callSummary.nullable().describe('The call, on llm nodes'),
      span: z
        .strictObject({
          spanKind: z.enum(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']),
          statusMessage: nullableText,
          scopeName: nullableText,
          attributes: z.record(z.string(), z.string()),
        })
        .nullable()
        .describe('What is stored of a non-LLM span, on span nodes'),
      children: z.array(traceNode),
    }),
  )
  .meta({ id: 'TraceNode' })

const traceResponse = z.strictObject({
  traceId: z.string(),
  startTime: isoTime,
  endTime: isoTime,
  totals: z.strictObject({
    spans: z.number().int(),
    calls: z.number().int(),
    errors: z.number().int(),
    costUsd: z.number().describe('Sum over calls of known cost'),
    costUnknownCalls: z.number().int(),
    tokens: z.strictObject({
      input: z.number(),
      output: z.number(),
      cacheRead: z.number(),
      cacheCreation: z.number(),
      reasoning: z.number(),
    }),
    durationMs: z.number().describe('From the earliest start to the latest end'),
  }),
  truncated: z.boolean().describe(`True when the trace has more than ${MAX_TRACE_SPANS} spans of a kind`),
  roots: z.array(traceNode).describe('Spans whose parent is not in the trace, each with its subtree'),
})

/**
 * `GET /api/v1/calls`, `/api/v1/calls/:spanId`, `/api/v1/traces/:traceId`:
 * the calls behind the numbers. Every query is bound to the caller's project.
 */
const callsApi: FastifyPluginAsync<{ store: ClickHouseStore }> = async (app, { store }) => {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/calls',
      scope: 'read',
      tag: TAG,
      summary: 'List calls, newest first',
      description:
        'Pages through the calls of a window that match every filter given. Pass `nextCursor` as `cursor` ' +
        '(with the same filters) for the next page; calls ingested meanwhile never shift or repeat later pages.',
      query: listQuery,
      response: z.strictObject({
        calls: z.array(callSummary),
        nextCursor: z.string().nullable().describe('Cursor of the next page; null on the last page'),
      }),
    },
    async ({ principal, query }) => {
      const { cursor, limit, from: givenFrom, to: givenTo, ...filters } = query
      const to = givenTo ?? new Date()
      const from = givenFrom ?? (cursor ? new Date(cursor.windowFromMs) : new Date(to.getTime() - DAY_MS))
      if (from >= to) {
        throw new VigilError('INVALID_PARAMS', 'Invalid query parameter "from": must be before "to"')
      }
      return queryCalls(
        store,
        { ...filters, projectId: principal.projectId, from, to, after: cursor },
        limit ?? 50,
      )
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/calls/:spanId',
      scope: 'read',
      tag: TAG,
      summary: 'One call with its attributes, content and fallback chain',
      params: z.strictObject({ spanId: hexId(16).describe('Span id, 16 hex characters') }),
      response: callDetail,
    },
    async ({ principal, params }) => {
      const call = await queryCallDetail(store, principal.projectId, params.spanId)
      if (call === undefined) throw new VigilError('NOT_FOUND', `No call with span id ${params.spanId}`)
      return call
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/traces/:traceId',
      scope: 'read',
      tag: TAG,
      summary: 'A whole trace as a span tree, with its totals',
      params: z.strictObject({ traceId: hexId(32).describe('Trace id, 32 hex characters') }),
      response: traceResponse,
    },
    async ({ principal, params }) => {
      const trace = await queryTrace(store, principal.projectId, params.traceId)
      if (trace === undefined) throw new VigilError('NOT_FOUND', `No spans of trace ${params.traceId}`)
      return trace
    },
  )
}

export default callsApi
