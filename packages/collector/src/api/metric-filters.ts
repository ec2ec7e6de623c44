import { z } from 'zod'
import { VigilError } from '../errors.js'
import type { MetricFilters } from '../storage/metrics-query.js'
import { type TimeBasis, timeBases } from '../storage/signal-metrics-query.js'
import { instant } from './instant.js'
import { metricNamesHelp, resolveMetric } from './metric-catalog.js'

/**
 * The query parameters every metrics route shares (window, filters, time
 * basis) and the parsing of metric names, so summary, time series and
 * breakdown read them alike.
 */

const DAY_MS = 86_400_000
const filterValue = z.string().min(1).max(256)

/** A closed set of values, answering 400 with the values allowed. */
export function oneOf<T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: () => `unknown ${what}; available: ${values.join(', ')}` })
}

export const filterShape = {
  from: instant.optional().describe('Start of the window (ISO 8601 or epoch ms); default: 24 h before `to`'),
  to: instant.optional().describe('End of the window, exclusive; default: now'),
  useCase: filterValue.optional(),
  model: filterValue
    .optional()
    .describe('The model that answered (the requested one when the response named none)'),
  provider: filterValue.optional(),
  environment: filterValue.optional(),
  promptVersion: filterValue.optional(),
  serviceName: filterValue.optional(),
  userId: filterValue.optional().describe('End-user id (reads raw calls: slower over long windows)'),
  tag: filterValue.optional().describe('Calls carrying this tag (reads raw calls)'),
  timeBasis: oneOf(timeBases, 'time basis')
    .default('call')
    .describe(
      'Which time places a signal (correction, feedback, score, escalation, outcome) in the window and its buckets. ' +
        '`call` (default): the time of the call it is about, so a signal sent days later counts toward its call’s window. ' +
        '`signal`: its own time, about calls of any time; rates then divide the calls that got such a signal during the ' +
        'window by the calls made in it. Call metrics (calls, cost, latency…) always go by call time.',
    ),
}

type FilterQuery = Partial<Record<keyof typeof filterShape, unknown>>

/** Rollup buckets are DateTime (1970–2106): a window reaching past them is cut to what can be stored. */
const EARLIEST = 0
const LATEST = Date.UTC(2100, 0, 1)

function windowOf(query: { from?: Date | undefined; to?: Date | undefined }): { from: Date; to: Date } {
  const clamp = (date: Date) => new Date(Math.min(LATEST, Math.max(EARLIEST, date.getTime())))
  const to = clamp(query.to ?? new Date())
  const from = clamp(query.from ?? new Date(to.getTime() - DAY_MS))
  if (from >= to)
    throw new VigilError('INVALID_PARAMS', 'Invalid query parameter "from": must be before "to"')
  return { from, to }
}

/** The filters of a request, bound to the caller's project. */
export function filtersOf(projectId: string, query: FilterQuery): MetricFilters {
  const { from, to } = windowOf(query as { from?: Date; to?: Date })
  const pick = (name: keyof typeof filterShape) => query[name] as string | undefined
  return {
    projectId,
    from,
    to,
    useCase: pick('useCase'),
    model: pick('model'),
    provider: pick('provider'),
    environment: pick('environment'),
    promptVersion: pick('promptVersion'),
    serviceName: pick('serviceName'),
    user: pick('userId'),
    tag: pick('tag'),
  }
}

export function timeBasisOf(query: FilterQuery): TimeBasis {
  return (query.timeBasis as TimeBasis | undefined) ?? 'call'
}

/** One metric name: the catalog's, or `score:<name>` and the like. */
export const metricName = z.string().refine((name) => resolveMetric(name) !== undefined, {
  error: (issue) => `unknown metric "${String(issue.input)}"; available: ${metricNamesHelp}`,
})

/** `metric=a,b`: known metric names, without repeats. */
export const metricList = z
  .string()
  .min(1)
  .transform((text, ctx) => {
    const names = text.split(',').map((name) => name.trim())
    const unknown = names.filter((name) => resolveMetric(name) === undefined)
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown metric "${unknown.join('", "')}"; available: ${metricNamesHelp}`,
      })
      return z.NEVER
    }
    return [...new Set(names)]
  })
  .describe(`One or more of: ${metricNamesHelp} (comma-separated)`)
