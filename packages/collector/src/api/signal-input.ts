import { z } from 'zod'
import {
  FEEDBACK_RATING,
  FEEDBACK_THUMB,
  type SignalRow,
  scoreSources,
  signalKinds,
} from '../ingest/signal-row.js'
import { instant } from './instant.js'

/**
 * One signal as `POST /api/v1/signals` takes it: what a ticketing system, CRM
 * or review tool knows. The same data model as the SDK's signals
 * (ingest/signal-row.ts); field names in the API's camelCase.
 */

const text = (max: number) => z.string().min(1).max(max)
const name = text(256).describe('e.g. `accuracy`, `ticket_resolved`')

// 2001-09-09 … 2262-04-11: what DateTime64(9) holds as nanoseconds (see ingest/storable-rows.ts).
const EARLIEST_MS = 1_000_000_000_000
const LATEST_MS = 9_223_372_036_854

const common = {
  idempotencyKey: text(256).describe(
    'Your id for this signal (an event id of your system): sending it again, with any content, is not counted twice',
  ),
  time: instant
    .refine((date) => date.getTime() >= EARLIEST_MS && date.getTime() <= LATEST_MS, 'must be 2001…2262')
    .optional()
    .describe('When it happened (ISO 8601 or epoch ms); default: when received'),
  traceId: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex digits')
    .optional()
    .describe('Trace of the call(s) it is about'),
  spanId: z
    .string()
    .regex(/^[0-9a-fA-F]{16}$/, 'must be 16 hex digits')
    .optional()
    .describe('Span id of the call it is about (the SDK’s getCurrentCallIds() / getCallIds())'),
  subjectId: text(256)
    .optional()
    .describe(
      'Your id of what the calls were about (a ticket id), as the app set it with withContext({ subjectId })',
    ),
  useCase: text(256)
    .optional()
    .describe(
      'Narrows a trace or subject to the calls of this use case (e.g. the reply draft, not the triage)',
    ),
  author: text(256).optional().describe('Who or what produced it: an agent, a reviewer, `zendesk`…'),
}

const correction = z.strictObject({
  kind: z.literal('correction'),
  ...common,
  changeRatio: z.number().min(0).max(1).describe('Share of the output the person changed: 0 none … 1 all'),
  correctedText: z
    .string()
    .max(256 * 1024)
    .optional()
    .describe('The corrected text; stored as sent, so redact it first'),
})
const feedback = z.strictObject({
  kind: z.literal('feedback'),
  ...common,
  thumb: z.enum(['up', 'down']).optional().describe('Thumbs up or down (or a rating)'),
  rating: z.number().int().min(1).max(5).optional().describe('A 1–5 rating (or a thumb)'),
  comment: z.string().max(8192).optional().describe('Stored as sent, so redact it first'),
})
const score = z.strictObject({
  kind: z.literal('score'),
  ...common,
  name,
  value: z.number(),
  source: z.enum(scoreSources).default('human').describe('Who scored: a person, a rule, a model'),
})
const escalation = z.strictObject({
  kind: z.literal('escalation'),
  ...common,
  reason: text(1024),
})
const outcome = z.strictObject({
  kind: z.literal('outcome'),
  ...common,
  name,
  value: z.number().default(1).describe('e.g. minutes saved, revenue; default 1 (a count)'),
})

export const signalInput = z
  .discriminatedUnion('kind', [correction, feedback, score, escalation, outcome], {
    error: () => `unknown kind; available: ${signalKinds.join(', ')}`,
  })
  .superRefine((signal, ctx) => {
    if (!signal.traceId && !signal.spanId && !signal.subjectId) {
      ctx.addIssue({
        code: 'custom',
        path: ['spanId'],
        message: 'a signal needs a spanId, traceId or subjectId to name the call(s) it is about',
      })
    }
    if (signal.kind === 'feedback' && (signal.thumb === undefined) === (signal.rating === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['thumb'], message: 'give either thumb or rating' })
    }
  })

export type SignalInput = z.output<typeof signalInput>

const MAX_BATCH = 1000

/**
 * The body: `{ "signals": [ … ] }`, or one signal object. A single signal is
 * checked on its own first so that a bad field is named as sent (`value`, not
 * `signals[0].value`).
 */
export const signalsBody = z
  .preprocess(
    (value, ctx) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || 'signals' in value)
        return value
      const single = signalInput.safeParse(value)
      if (single.success) return { signals: [value] }
      // As found (an unknown field stays `unrecognized_keys`, which parseBody names as such).
      for (const issue of single.error.issues)
        ctx.issues.push({ ...issue, input: value } as (typeof ctx.issues)[number])
      return value
    },
    z.strictObject({ signals: z.array(signalInput).min(1).max(MAX_BATCH) }),
  )
  .describe(
    `\`{ "signals": [ … ] }\` (1 to ${MAX_BATCH}) or one signal object. A batch is stored whole or not at all.`,
  )

/** The `signals` row of a validated signal. */
export function signalRowOf(input: SignalInput, projectId: string, receivedAt: Date): SignalRow {
  const time = input.time ?? receivedAt
  const row: SignalRow = {
    project_id: projectId,
    time: `${BigInt(time.getTime()) * 1_000_000n}`,
    kind: input.kind,
    idempotency_key: input.idempotencyKey,
    trace_id: input.traceId?.toLowerCase() ?? '',
    span_id: input.spanId?.toLowerCase() ?? '',
    subject_id: input.subjectId ?? '',
    use_case: input.useCase ?? '',
    name: '',
    value: null,
    source: '',
    author: input.author ?? '',
    reason: '',
    comment: '',
    corrected_text: '',
    via: 'http',
    service_name: '',
    attributes: {},
  }
  switch (input.kind) {
    case 'correction':
      return { ...row, value: input.changeRatio, corrected_text: input.correctedText ?? '' }
    case 'feedback':
      return input.thumb !== undefined
        ? { ...row, name: FEEDBACK_THUMB, value: input.thumb === 'up' ? 1 : 0, comment: input.comment ?? '' }
        : { ...row, name: FEEDBACK_RATING, value: input.rating ?? null, comment: input.comment ?? '' }
    case 'score':
      return { ...row, name: input.name, value: input.value, source: input.source }
    case 'escalation':
      return { ...row, reason: input.reason }
    case 'outcome':
      return { ...row, name: input.name, value: input.value }
  }
}
