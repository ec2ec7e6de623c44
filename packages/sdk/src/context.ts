import { AsyncLocalStorage } from 'node:async_hooks'
import {
  type Attributes,
  type Context,
  createContextKey,
  context as otelContext,
  ROOT_CONTEXT,
  type Span,
  trace,
} from '@opentelemetry/api'
import {
  ATTR_VIGIL_ENVIRONMENT,
  ATTR_VIGIL_PROMPT_VERSION,
  ATTR_VIGIL_SESSION_ID,
  ATTR_VIGIL_SUBJECT_ID,
  ATTR_VIGIL_TAGS,
  ATTR_VIGIL_USE_CASE,
  ATTR_VIGIL_USER_ID,
} from './attributes.js'

/**
 * What {@link withContext} attaches to every model call made inside it. Each
 * field becomes a `vigil.*` attribute; see `attributes.ts` for the list.
 *
 * @example
 * ```ts
 * const context: CallContext = { useCase: 'support-reply', userId: user.id, subjectId: ticket.id }
 * ```
 */
export interface CallContext {
  /** The product feature, e.g. `support-reply` (`vigil.use_case`). */
  useCase?: string
  userId?: string
  sessionId?: string
  promptVersion?: string
  /** Overrides the `init()` environment for these calls (`vigil.environment`), e.g. `canary`. */
  environment?: string
  /** The app's own id of what the calls are about, e.g. a ticket id, so feedback on it maps to them. */
  subjectId?: string
  /** Labels; nested contexts and call meta add to them rather than replace them. */
  tags?: string[]
}

/**
 * Ids of a span Vigil is recording, as lowercase hex.
 *
 * @example
 * ```ts
 * const ids: CallIds = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }
 * ```
 */
export interface CallIds {
  traceId: string
  spanId: string
}

// Vigil's own context propagation: an OpenTelemetry Context carried by a
// private AsyncLocalStorage. Private on purpose: registering a global context
// manager would change how the app's own tracing behaves.
const storage = new AsyncLocalStorage<Context>()
const CALL_CONTEXT = createContextKey('Vigil call context')

const FIELDS = [
  ['useCase', ATTR_VIGIL_USE_CASE],
  ['userId', ATTR_VIGIL_USER_ID],
  ['sessionId', ATTR_VIGIL_SESSION_ID],
  ['promptVersion', ATTR_VIGIL_PROMPT_VERSION],
  ['environment', ATTR_VIGIL_ENVIRONMENT],
  ['subjectId', ATTR_VIGIL_SUBJECT_ID],
] as const

/**
 * Runs `fn` with `values` attached to every model call recorded inside it,
 * across `await`s and into parallel work it starts: `observe()`, the wrapped
 * clients and `withFallback()` all pick them up. Nested contexts merge, the
 * inner value winning and tags adding up; values set on a call itself
 * (`observe()` meta) win over the context, which wins over the options of a
 * wrapped client (`observeOpenAI(client, { useCase })`). Returns what `fn`
 * returns (its promise, for an async `fn`) and lets its errors through. Values
 * that are not non-empty strings are ignored.
 *
 * @example
 * ```ts
 * app.post('/tickets/:id/reply', (req, res) =>
 *   withContext({ useCase: 'support-reply', userId: req.user.id, subjectId: req.params.id }, async () => {
 *     res.json(await draftReply(req.body)) // every model call inside carries the three ids
 *   }),
 * )
 * ```
 */
export function withContext<T>(values: CallContext, fn: () => T): T {
  const current = vigilContext()
  const merged = mergeCallContext(getCallContext(current), values)
  return storage.run(current.setValue(CALL_CONTEXT, merged), fn)
}

/**
 * Trace and span id of the innermost Vigil span in progress: the `observe()`
 * call (or `withFallback` chain) whose function is running. Undefined outside
 * one, or when nothing is recorded (before `init()`). Keep them to attach user
 * feedback to the call later.
 *
 * @example
 * ```ts
 * const { answer, ids } = await observe(meta, async () => {
 *   const answer = await llm.reply(question)
 *   return { answer, ids: getCurrentCallIds() }
 * })
 * ```
 */
export function getCurrentCallIds(): CallIds | undefined {
  const span = trace.getSpan(vigilContext())
  if (span === undefined || !span.isRecording()) return undefined
  const { traceId, spanId } = span.spanContext()
  return { traceId, spanId }
}

/** The context Vigil propagates right now (root outside any Vigil scope). Internal. */
export function vigilContext(): Context {
  return storage.getStore() ?? ROOT_CONTEXT
}

/**
 * Runs `fn` in `ctx`. With `alsoGlobal` (Vigil attached to the app's provider),
 * the context is also made active through the global API, so spans the app's
 * own instrumentations start inside become children of Vigil's span.
 */
export function runInContext<T>(ctx: Context, fn: () => T, alsoGlobal: boolean): T {
  return storage.run(ctx, alsoGlobal ? () => otelContext.with(ctx, fn) : fn)
}

/**
 * The context inside a Vigil span: `span` active, the current call context
 * kept. Attached, it builds on the app's active context, so that making it
 * globally active keeps the app's own values (baggage…).
 */
export function contextWithSpan(span: Span, attached: boolean): Context {
  const own = vigilContext()
  const base = attached ? otelContext.active().setValue(CALL_CONTEXT, own.getValue(CALL_CONTEXT)) : own
  return trace.setSpan(base, span)
}

/**
 * The parent for a new Vigil span. Vigil's own innermost span comes first; else
 * the app's active span (so a call made while handling a traced request shares
 * its trace). Attached to the app's provider, the global context wins when it
 * holds a span: it then includes Vigil's spans and any app span started in between.
 */
export function parentContext(attached: boolean): Context {
  const own = vigilContext()
  if (!attached) return trace.getSpan(own) !== undefined ? own : otelContext.active()
  const global = otelContext.active()
  if (trace.getSpan(global) !== undefined) return global
  return trace.getSpan(own) !== undefined ? own : global
}

const NO_CALL_CONTEXT: CallContext = Object.freeze({})

/** The merged {@link withContext} values in `ctx` (do not modify them). Internal. */
export function getCallContext(ctx: Context): CallContext {
  return (ctx.getValue(CALL_CONTEXT) as CallContext | undefined) ?? NO_CALL_CONTEXT
}

/** `inner` over `outer`, field by field; tags are combined without duplicates. Invalid values are dropped. */
export function mergeCallContext(outer: CallContext, inner: unknown): CallContext {
  const merged: CallContext = { ...outer }
  if (typeof inner !== 'object' || inner === null) return merged
  const given = inner as Record<string, unknown>
  for (const [field] of FIELDS) {
    const value = given[field]
    if (typeof value === 'string' && value.trim() !== '') merged[field] = value
  }
  if (Array.isArray(given.tags)) {
    const tags = given.tags.filter((tag): tag is string => typeof tag === 'string' && tag !== '')
    if (tags.length > 0) merged.tags = [...new Set([...(outer.tags ?? []), ...tags])]
  }
  return merged
}

/** The `vigil.*` attributes for a call context. */
export function callContextAttributes(values: CallContext): Attributes {
  const attributes: Attributes = {}
  for (const [field, attribute] of FIELDS) {
    const value = values[field]
    if (value !== undefined) attributes[attribute] = value
  }
  if (values.tags !== undefined && values.tags.length > 0) attributes[ATTR_VIGIL_TAGS] = [...values.tags]
  return attributes
}
