import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { principalOf } from '../auth/auth-plugin.js'
import { VigilError } from '../errors.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { querySummary } from '../storage/summary-query.js'
import { instant } from './instant.js'
import { parseQuery } from './parse-query.js'

const DAY_MS = 24 * 60 * 60 * 1000

const filterValue = z.string().min(1).max(256)

const summaryQuery = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    useCase: filterValue.optional(),
    model: filterValue.optional(),
    provider: filterValue.optional(),
    environment: filterValue.optional(),
  })
  .strict()

/** `GET /api/v1/metrics/*`: the production numbers, always bound to the caller's project. */
const metricsApi: FastifyPluginAsync<{ store: ClickHouseStore }> = async (app, { store }) => {
  app.get('/api/v1/metrics/summary', async (request) => {
    const principal = principalOf(request, 'read')
    const query = parseQuery(summaryQuery, request.query)
    const to = query.to ?? new Date()
    const from = query.from ?? new Date(to.getTime() - DAY_MS)
    if (from >= to)
      throw new VigilError('INVALID_PARAMS', 'Invalid query parameter "from": must be before "to"')
    const summary = await querySummary(store, { ...query, projectId: principal.projectId, from, to })
    return { from: from.toISOString(), to: to.toISOString(), ...summary }
  })
}

export default metricsApi
