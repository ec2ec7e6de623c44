import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import type { AlertEvaluator } from '../alerts/alert-evaluator.js'
import { alertRuleInput, alertRuleShape } from '../alerts/alert-rule.js'
import type { AlertRuleDefinition } from '../alerts/alert-rule-store.js'
import type { AlertTransition } from '../alerts/alert-state-machine.js'
import { alertStates } from '../alerts/notification.js'
import { VigilError } from '../errors.js'
import type { AlertStateStore, StoredAlertState } from '../storage/alert-state-store.js'
import type { AuditLog } from '../storage/audit-log.js'
import type { DefinitionStore, StoredDefinition } from '../storage/definition-store.js'
import { apiRoute } from './api-route.js'
import { deleteFromApi, editableDefinition, saveFromApi } from './definition-edits.js'
import { instant } from './instant.js'

export interface AlertsApiOptions {
  rules: DefinitionStore<AlertRuleDefinition>
  states: AlertStateStore
  /** The project's channels: a rule naming one that does not exist is refused. */
  channels: Pick<DefinitionStore<unknown>, 'list'>
  /** Records `alert.create`, `alert.update`, `alert.delete`. */
  audit: AuditLog
  /** For `POST /api/v1/alerts/evaluate`; absent or disabled: that route answers 409. */
  evaluator?: Pick<AlertEvaluator, 'enabled' | 'evaluateNow'> | undefined
}

const TAG = 'Alerts'
const severities = ['critical', 'warning', 'none'] as const

const stateView = z
  .object({
    state: z.enum(alertStates),
    severity: z.enum(severities),
    since: z.string().describe('When the rule entered this state'),
    value: z.number().nullable().describe('The value measured at the last evaluation'),
    calls: z.number().describe('Calls in the window at the last evaluation'),
    threshold: z
      .number()
      .nullable()
      .describe('The threshold judged against (the breached one while breaching)'),
    message: z.string(),
    evaluatedAt: z.string(),
    firingSince: z.string().nullable().describe('Start of the current firing episode'),
    forecast: z
      .object({ value: z.number(), periodEnd: z.string() })
      .nullable()
      .describe('Budgets: the forecast end-of-period spend'),
    error: z.string().nullable().describe('Why the last evaluation failed (state `error`)'),
  })
  .describe('The rule’s state at its last evaluation; null before the first')

const ruleView = z.object({
  ...alertRuleShape,
  id: z.string(),
  source: z.enum(['api', 'file']).describe('`file`: from vigil.config.*, read-only here'),
  updatedAt: z.string(),
  updatedBy: z.string(),
  status: stateView.nullable(),
})

const transitionView = z.object({
  id: z.string().describe('Also the `eventId` of its notifications and deliveries'),
  ruleId: z.string(),
  ruleName: z.string(),
  at: z.string(),
  from: z.enum(alertStates),
  to: z.enum(alertStates),
  severity: z.enum(severities),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  calls: z.number(),
  message: z.string(),
})

const idParams = z.strictObject({ id: z.string().min(1).max(128) })

function statusOf(state: StoredAlertState | undefined): z.input<typeof stateView> | null {
  if (!state) return null
  return {
    state: state.state,
    severity: state.severity,
    since: state.since,
    value: state.value,
    calls: state.calls,
    threshold: state.threshold,
    message: state.message,
    evaluatedAt: state.evaluatedAt,
    firingSince: state.episode?.since ?? null,
    forecast: state.forecast ? { value: state.forecast.value, periodEnd: state.forecast.periodEnd } : null,
    error: state.error ?? null,
  }
}

function transitionOf(event: AlertTransition): z.input<typeof transitionView> {
  const { projectId: _, detail: __, ...view } = event
  return view
}

/**
 * `/api/v1/alerts`: threshold rules on the production metrics, each with its
 * current state and history. Reads need `read`, changes `admin` (audited).
 * Rules from the config file are read-only here (409). The evaluator picks
 * up a change at its next tick.
 */
const alertsApi: FastifyPluginAsync<AlertsApiOptions> = async (app, options) => {
  const { audit, rules, states, channels } = options

  const view = (entry: StoredDefinition<AlertRuleDefinition>, state: StoredAlertState | undefined) => ({
    ...entry.definition,
    id: entry.id,
    source: entry.source,
    updatedAt: entry.updatedAt,
    updatedBy: entry.updatedBy,
    status: statusOf(state),
  })

  /** The project's rules, each with its current state. */
  async function rulesWithState(projectId: string) {
    const [list, current] = await Promise.all([rules.list(projectId), states.list(projectId)])
    const byRule = new Map(current.map((state) => [state.ruleId, state]))
    return list.map((entry) => view(entry, byRule.get(entry.id)))
  }

  /** Channels a rule names must exist: a typo would otherwise page nobody, silently. */
  async function checkChannels(projectId: string, names: readonly string[]): Promise<void> {
    if (names.length === 0) return
    const known = new Set((await channels.list(projectId)).map((entry) => entry.id))
    const unknown = names.filter((name) => !known.has(name))
    if (unknown.length > 0)
      throw new VigilError(
        'INVALID_BODY',
        `Invalid body field "channels": no channel "${unknown.join('", "')}" in this project; ` +
          `available: ${[...known].join(', ') || 'none (create one with POST /api/v1/alert-channels)'}`,
      )
  }

  const editable = (projectId: string, id: string) =>
    editableDefinition(rules, projectId, id, `The alert rule "${id}"`)

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/alerts',
      scope: 'read',
      tag: TAG,
      summary: 'Alert rules of the caller’s project, with their current state',
      query: z.strictObject({
        state: z
          .enum(alertStates)
          .optional()
          .describe('Only enabled rules in this state (`firing`: what is on fire now)'),
      }),
      response: z.object({ rules: z.array(ruleView) }),
    },
    async ({ principal, query }) => {
      const all = await rulesWithState(principal.projectId)
      // A disabled rule keeps its last state but is not evaluated: it is in no state now.
      return {
        rules: query.state ? all.filter((rule) => rule.enabled && rule.status?.state === query.state) : all,
      }
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/alerts/history',
      scope: 'read',
      tag: TAG,
      summary: 'State transitions of the project’s rules, newest first',
      description: 'Each transition with the value measured, so "why did it fire" is answerable later.',
      query: z.strictObject({
        ruleId: z.string().min(1).max(128).optional(),
        before: instant.optional().describe('Only transitions before this time (paging back)'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: z.object({ transitions: z.array(transitionView) }),
    },
    async ({ principal, query }) => ({
      transitions: (
        await states.history({
          projectId: principal.projectId,
          ruleId: query.ruleId,
          before: query.before,
          limit: query.limit,
        })
      ).map(transitionOf),
    }),
  )

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/alerts/evaluate',
      scope: 'admin',
      tag: TAG,
      summary: 'Evaluate every rule now',
      description:
        'Runs an evaluation at once instead of waiting for the schedule (after the one in progress). ' +
        '409 on a collector that does not evaluate (VIGIL_ALERTS_EVALUATOR=off).',
      response: z.object({ evaluatedAt: z.string(), rules: z.array(ruleView) }),
    },
    async ({ principal }) => {
      if (!options.evaluator?.enabled)
        throw new VigilError(
          'NOT_EVALUATOR',
          'This collector does not evaluate alerts (VIGIL_ALERTS_EVALUATOR=off); call the one that does',
        )
      const report = await options.evaluator.evaluateNow()
      return {
        evaluatedAt: report.evaluatedAt,
        rules: await rulesWithState(principal.projectId),
      }
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/alerts/:id',
      scope: 'read',
      tag: TAG,
      summary: 'One rule, its state and its latest transitions',
      params: idParams,
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(50) }),
      response: ruleView.extend({ history: z.array(transitionView) }),
    },
    async ({ principal, params, query }) => {
      const entry = await rules.get(principal.projectId, params.id)
      if (!entry) throw new VigilError('NOT_FOUND', `No alert rule "${params.id}" in this project`)
      const [state, history] = await Promise.all([
        states.get(principal.projectId, params.id),
        states.history({ projectId: principal.projectId, ruleId: params.id, limit: query.limit }),
      ])
      return { ...view(entry, state), history: history.map(transitionOf) }
    },
  )

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/alerts',
      scope: 'admin',
      tag: TAG,
      summary: 'Create an alert rule',
      description: 'The id is generated unless given; a rule with that id already existing is a 409.',
      body: alertRuleInput,
      response: ruleView,
      status: 201,
    },
    async ({ principal, body, reply }) => {
      const id = body.id ?? `rule_${randomBytes(8).toString('hex')}`
      if (await rules.get(principal.projectId, id))
        throw new VigilError(
          'RULE_EXISTS',
          `Alert rule "${id}" exists already; change it with PUT /api/v1/alerts/${id}`,
        )
      await checkChannels(principal.projectId, body.channels)
      const definition = { ...body, id }
      const entry = await saveFromApi(rules, audit, principal, {
        id,
        definition,
        action: 'alert.create',
        details: { rule: definition },
      })
      reply.header('location', `/api/v1/alerts/${id}`)
      return view(entry, undefined)
    },
  )

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/alerts/:id',
      scope: 'admin',
      tag: TAG,
      summary: 'Create or replace an alert rule',
      description:
        'The rule keeps its state and history; the next evaluation judges it by the new definition.',
      params: idParams,
      body: alertRuleInput,
      response: ruleView,
    },
    async ({ principal, params, body }) => {
      if (body.id !== undefined && body.id !== params.id)
        throw new VigilError('INVALID_BODY', `Invalid body field "id": the path names rule "${params.id}"`)
      const previous = await editable(principal.projectId, params.id)
      await checkChannels(principal.projectId, body.channels)
      const definition = { ...body, id: params.id }
      const entry = await saveFromApi(rules, audit, principal, {
        id: params.id,
        definition,
        action: previous ? 'alert.update' : 'alert.create',
        details: { rule: definition, ...(previous ? { previous: previous.definition } : {}) },
      })
      return view(entry, await states.get(principal.projectId, params.id))
    },
  )

  apiRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/v1/alerts/:id',
      scope: 'admin',
      tag: TAG,
      summary: 'Delete an alert rule',
      description: 'Its history stays readable at /api/v1/alerts/history?ruleId=.',
      params: idParams,
      response: z.object({ deleted: z.string() }),
    },
    async ({ principal, params }) => {
      const existing = await editable(principal.projectId, params.id)
      if (!existing) throw new VigilError('NOT_FOUND', `No alert rule "${params.id}" in this project`)
      await deleteFromApi(rules, audit, principal, {
        id: params.id,
        action: 'alert.delete',
        details: { rule: existing.definition },
      })
      return { deleted: params.id }
    },
  )
}

export default alertsApi
