import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { parseDuration } from '../alerts/duration.js'
import { VigilError } from '../errors.js'
import { alertCoverage } from '../readiness/alert-coverage.js'
import { defaultReadinessCriteria } from '../readiness/default-criteria.js'
import {
  MAX_READINESS_WINDOW_MS,
  type ReadinessCriteria,
  readinessCriteriaStore,
  readinessWindow,
  useCaseName,
} from '../readiness/readiness-criteria.js'
import { computeScorecard } from '../readiness/readiness-scorecard.js'
import {
  type CriteriaSource,
  type ScopeDimension,
  type ScopeFilters,
  scopeDimensions,
  scorecardSchema,
} from '../readiness/scorecard-schema.js'
import type { AuditLog } from '../storage/audit-log.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { apiRoute } from './api-route.js'
import { instant } from './instant.js'
import { oneOf } from './metric-filters.js'
import readinessCriteriaApi from './readiness-criteria-api.js'

export interface ReadinessApiOptions {
  store: ClickHouseStore
  /** Where criteria changes are recorded (`readiness.set`, `readiness.delete`). */
  audit: AuditLog
}

const TAG = 'Readiness'
const filterValue = z.string().min(1).max(256)

const scopeFilter = filterValue
  .optional()
  .describe('Judge only the calls with this value (replaces a criterion’s own filter on it)')

const scopeShape = {
  useCase: useCaseName.describe('The use case to judge'),
  window: readinessWindow
    .optional()
    .describe('Window ending at `to` (e.g. 7d, 24h); default: the criteria’s `window`'),
  from: instant.optional().describe('Start of the window instead of `window` (ISO 8601 or epoch ms)'),
  to: instant.optional().describe('End of the window, exclusive; default: now'),
  promptVersion: scopeFilter,
  model: scopeFilter,
  provider: scopeFilter,
  environment: scopeFilter,
  serviceName: scopeFilter,
} satisfies Record<ScopeDimension, unknown> & Record<string, z.ZodType>

const compareValues = z
  .string()
  .transform((text) => text.split(',').map((value) => value.trim()))
  .refine((values) => values.every((value) => value.length > 0 && value.length <= 256), {
    message: 'comma-separated values, none empty',
  })
  .refine((values) => values.length >= 2 && values.length <= 5, { message: 'give 2 to 5 values' })
  .refine((values) => new Set(values).size === values.length, { message: 'must not repeat a value' })
  .describe('The values to compare, comma-separated (2 to 5), e.g. `v1,v2`')

/**
 * `/api/v1/readiness`: is a use case ready for production, judged by its
 * declared acceptance criteria (readiness-criteria-api.ts), or by Vigil's
 * defaults until it declares some; and the same judgement per prompt version,
 * model… side by side, for choosing between them. Registers the criteria
 * routes too: the feature is one plugin in app.ts.
 */
const readinessApi: FastifyPluginAsync<ReadinessApiOptions> = async (app, { store, audit }) => {
  const criteriaStore = readinessCriteriaStore(store)
  await app.register(readinessCriteriaApi, { store, audit })

  /** The use case's declared criteria, its alert coverage, and the window a request asks for. */
  const judgement = async (
    projectId: string,
    query: { useCase: string; window?: string | undefined; from?: Date | undefined; to?: Date | undefined },
  ) => {
    const [declared, alerts] = await Promise.all([
      criteriaStore.get(projectId, query.useCase),
      alertCoverage(store, projectId, query.useCase),
    ])
    const criteria = declared?.definition ?? defaultReadinessCriteria(query.useCase)
    const source: CriteriaSource = declared?.source ?? 'default'
    return { projectId, criteria, source, alerts, ...windowOf(query, criteria) }
  }

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/readiness',
      scope: 'read',
      tag: TAG,
      summary:
        'Is a use case ready for production? Its criteria measured, judged and grouped into five areas',
      description:
        'Verdict `not_ready` when any criterion fails, else `insufficient_data` when any could not be judged ' +
        '(fewer calls than `minCalls`, or no value), else `ready`. Without declared criteria the use case is ' +
        'judged by Vigil’s defaults (`criteriaSource: "default"`); without criteria and without calls in the ' +
        'window the answer is 404 VIGIL_ERR_UNKNOWN_USE_CASE.',
      query: z.strictObject(scopeShape),
      response: scorecardSchema,
    },
    async ({ principal, query }) => {
      const scope = scopeOf(query)
      const card = await computeScorecard(store, { ...(await judgement(principal.projectId, query)), scope })
      // No criteria and no calls: most likely a misspelt name, which a gate must not take for "no data yet".
      if (card.criteriaSource === 'default' && card.calls === 0)
        throw unknownUseCase(query.useCase, card.window, scope)
      return card
    },
  )

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/readiness/compare',
      scope: 'read',
      tag: TAG,
      summary:
        'The same criteria judged for each value of one dimension (prompt versions, models…), side by side',
      description:
        'One scorecard per value, in the order given, each with its own verdict; every criterion is measured ' +
        'over the calls with that value. The alert checks are the same for all.',
      query: z.strictObject({
        ...scopeShape,
        dimension: oneOf(scopeDimensions, 'dimension').describe('What the values are values of'),
        values: compareValues,
      }),
      response: z.object({
        useCase: z.string(),
        dimension: z.enum(scopeDimensions),
        variants: z.array(z.object({ value: z.string(), scorecard: scorecardSchema })),
      }),
    },
    async ({ principal, query }) => {
      const scope = scopeOf(query)
      if (scope[query.dimension] !== undefined) {
        throw new VigilError(
          'INVALID_PARAMS',
          `Invalid query parameter "${query.dimension}": it is the dimension compared; give its values in "values"`,
        )
      }
      const common = await judgement(principal.projectId, query)
      // One after the other: each scorecard runs its own queries in parallel already.
      const variants = []
      for (const value of query.values) {
        const scorecard = await computeScorecard(store, {
          ...common,
          scope: { ...scope, [query.dimension]: value },
        })
        variants.push({ value, scorecard })
      }
      if (common.source === 'default' && variants.every(({ scorecard }) => scorecard.calls === 0))
        throw unknownUseCase(query.useCase, common, scope)
      return { useCase: query.useCase, dimension: query.dimension, variants }
    },
  )
}

function scopeOf(query: Partial<Record<ScopeDimension, string | undefined>>): ScopeFilters {
  const scope: ScopeFilters = {}
  for (const name of scopeDimensions) if (query[name] !== undefined) scope[name] = query[name]
  return scope
}

/** `to` (default now) and `from` (default `to` minus the request's window, else the criteria's). */
function windowOf(
  query: { window?: string | undefined; from?: Date | undefined; to?: Date | undefined },
  criteria: ReadinessCriteria,
): { from: Date; to: Date; duration: string | null } {
  if (query.from && query.window) {
    throw new VigilError('INVALID_PARAMS', 'Invalid query parameter "window": give either "window" or "from"')
  }
  const to = query.to ?? new Date()
  const duration = query.from ? null : (query.window ?? criteria.window)
  const from = query.from ?? new Date(to.getTime() - (parseDuration(duration ?? '') ?? 0))
  if (from >= to)
    throw new VigilError('INVALID_PARAMS', 'Invalid query parameter "from": must be before "to"')
  if (to.getTime() - from.getTime() > MAX_READINESS_WINDOW_MS) {
    throw new VigilError('INVALID_PARAMS', 'Invalid query parameter "from": the window may span at most 90d')
  }
  return { from, to, duration }
}

function unknownUseCase(
  useCase: string,
  window: { from: Date | string; to: Date | string },
  scope: ScopeFilters,
) {
  const iso = (time: Date | string) => (typeof time === 'string' ? time : time.toISOString())
  const within = Object.entries(scope)
    .map(([name, value]) => ` ${name}=${value}`)
    .join(',')
  return new VigilError(
    'UNKNOWN_USE_CASE',
    `Use case "${useCase}" has no readiness criteria and no calls${within ? ` with${within}` : ''} from ` +
      `${iso(window.from)} to ${iso(window.to)}: check its name (vigil.use_case), or declare its criteria with ` +
      `PUT /api/v1/readiness/criteria/${encodeURIComponent(useCase)} or in vigil.config.*`,
  )
}

export default readinessApi
