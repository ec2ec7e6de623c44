import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { VigilError } from '../errors.js'
import { defaultReadinessCriteria } from '../readiness/default-criteria.js'
import {
  type ReadinessCriteria,
  readinessCriteriaInput,
  readinessCriteriaObject,
  readinessCriteriaStore,
  useCaseName,
} from '../readiness/readiness-criteria.js'
import type { AuditLog } from '../storage/audit-log.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import type { StoredDefinition } from '../storage/definition-store.js'
import { apiRoute } from './api-route.js'
import { deleteFromApi, editableDefinition, saveFromApi } from './definition-edits.js'
import { parseBody } from './parse-body.js'

export interface ReadinessCriteriaApiOptions {
  store: ClickHouseStore
  /** Where changes are recorded (`readiness.set`, `readiness.delete`). */
  audit: AuditLog
}

const TAG = 'Readiness'

const criteriaEntry = z.object({
  useCase: z.string(),
  source: z.enum(['api', 'file']).describe('`file`: from vigil.config.*, read-only through the API'),
  updatedAt: z.string(),
  updatedBy: z.string(),
  definition: readinessCriteriaObject,
})
const defaultsView = readinessCriteriaObject.omit({ useCase: true })

const entryView = (entry: StoredDefinition<ReadinessCriteria>) => ({
  useCase: entry.id,
  source: entry.source,
  updatedAt: entry.updatedAt,
  updatedBy: entry.updatedBy,
  definition: entry.definition,
})

/**
 * `/api/v1/readiness/criteria`: the acceptance criteria each use case
 * declares, one definition per use case (reading: read scope; changing:
 * admin). Criteria loaded from vigil.config.* are read-only here (409
 * VIGIL_ERR_DEFINED_IN_FILE): the file is their source of truth.
 */
const readinessCriteriaApi: FastifyPluginAsync<ReadinessCriteriaApiOptions> = async (
  app,
  { store, audit },
) => {
  const criteriaStore = readinessCriteriaStore(store)

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/readiness/criteria',
      scope: 'read',
      tag: TAG,
      summary: 'The declared readiness criteria of every use case, and the defaults for the others',
      response: z.object({
        criteria: z.array(criteriaEntry),
        defaults: defaultsView.describe('What a use case without declared criteria is judged by'),
      }),
    },
    async ({ principal }) => {
      const { useCase: _, ...defaults } = defaultReadinessCriteria('-')
      return { criteria: (await criteriaStore.list(principal.projectId)).map(entryView), defaults }
    },
  )

  const useCaseParams = z.strictObject({ useCase: useCaseName })

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/readiness/criteria/:useCase',
      scope: 'read',
      tag: TAG,
      summary: 'The declared readiness criteria of one use case',
      params: useCaseParams,
      response: criteriaEntry,
    },
    async ({ principal, params }) => {
      const entry = await criteriaStore.get(principal.projectId, params.useCase)
      if (!entry) {
        throw new VigilError(
          'NOT_FOUND',
          `No readiness criteria are declared for use case "${params.useCase}": Vigil's defaults apply ` +
            '(GET /api/v1/readiness/criteria lists them)',
        )
      }
      return entryView(entry)
    },
  )

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/readiness/criteria/:useCase',
      scope: 'admin',
      tag: TAG,
      summary: 'Declare (or replace) the readiness criteria of a use case',
      description:
        'Replaces Vigil’s defaults for this use case entirely. A criterion’s comparison says what must hold ' +
        'to pass (`latencyP95Ms <= 2000`). Criteria from vigil.config.* cannot be changed here (409).',
      params: useCaseParams,
      body: readinessCriteriaObject.extend({
        useCase: useCaseName.optional().describe('The use case of the path; may be left out'),
      }),
      response: criteriaEntry,
    },
    async ({ principal, params, body }) => {
      if (body.useCase !== undefined && body.useCase !== params.useCase) {
        throw new VigilError(
          'INVALID_BODY',
          `Invalid field "useCase": must be "${params.useCase}" (the use case of the path) or left out`,
        )
      }
      const criteria = parseBody(readinessCriteriaInput, { ...body, useCase: params.useCase })
      await refuseFileDefined(principal.projectId, params.useCase)
      const entry = await saveFromApi(criteriaStore, audit, principal, {
        id: params.useCase,
        definition: criteria,
        action: 'readiness.set',
        details: { window: criteria.window, criteria: criteria.criteria.length },
      })
      return entryView(entry)
    },
  )

  apiRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/v1/readiness/criteria/:useCase',
      scope: 'admin',
      tag: TAG,
      summary: 'Remove the declared criteria of a use case: Vigil’s defaults apply again',
      params: useCaseParams,
      response: z.object({ useCase: z.string(), deleted: z.literal(true) }),
    },
    async ({ principal, params }) => {
      const entry = await refuseFileDefined(principal.projectId, params.useCase)
      if (!entry) {
        throw new VigilError(
          'NOT_FOUND',
          `No readiness criteria are declared for use case "${params.useCase}"`,
        )
      }
      await deleteFromApi(criteriaStore, audit, principal, {
        id: params.useCase,
        action: 'readiness.delete',
        details: { criteria: entry.definition.criteria.length },
      })
      return { useCase: params.useCase, deleted: true as const }
    },
  )

  function refuseFileDefined(projectId: string, useCase: string) {
    return editableDefinition(
      criteriaStore,
      projectId,
      useCase,
      `The readiness criteria of use case "${useCase}"`,
    )
  }
}

export default readinessCriteriaApi
