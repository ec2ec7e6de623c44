import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Principal, Scope } from '../auth/api-key-store.js'
import { principalOf } from '../auth/auth-plugin.js'
import { VigilError } from '../errors.js'
import { parseBody } from './parse-body.js'
import { parseQuery } from './parse-query.js'

type Schema = z.ZodType

/**
 * One API route: its inputs and output as zod schemas, the scope its key
 * needs, and what the OpenAPI document says about it. The same schemas
 * validate requests at runtime and produce `/openapi.json`, so the document
 * cannot drift from what the server accepts.
 */
export interface ApiRouteSpec<Q extends Schema, P extends Schema, B extends Schema, R extends Schema> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Fastify path, `:name` for path parameters. */
  url: string
  /** The scope the caller's key needs. */
  scope: Scope
  summary: string
  description?: string
  tag: string
  query?: Q
  params?: P
  body?: B
  response: R
  /** Status of a successful answer (200 unless said). */
  status?: number
}

export interface ApiRouteContext<Q extends Schema, P extends Schema, B extends Schema> {
  principal: Principal
  query: z.output<Q>
  params: z.output<P>
  body: z.output<B>
  request: FastifyRequest
  reply: FastifyReply
}

/** Every route registered through {@link apiRoute}; the OpenAPI plugin renders it. */
export class ApiRoutes {
  readonly routes: ApiRouteSpec<Schema, Schema, Schema, Schema>[] = []
  /** Check each answer against its schema (tests turn this on: a drifted schema then fails loudly). */
  validateResponses = false
}

declare module 'fastify' {
  interface FastifyInstance {
    apiRoutes: ApiRoutes
  }
}

/**
 * Registers a route whose query, path parameters and body are validated by
 * zod (400 naming the parameter and what is allowed) and whose caller must
 * hold `scope`. The handler gets parsed values and the caller's principal;
 * the project every query is bound to comes from there, never from input.
 */
export function apiRoute<Q extends Schema, P extends Schema, B extends Schema, R extends Schema>(
  app: FastifyInstance,
  spec: ApiRouteSpec<Q, P, B, R>,
  handler: (context: ApiRouteContext<Q, P, B>) => Promise<z.input<R>>,
): void {
  const registry = app.apiRoutes
  registry.routes.push(spec as unknown as ApiRouteSpec<Schema, Schema, Schema, Schema>)
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      const principal = principalOf(request, spec.scope)
      const query = spec.query ? parseQuery(spec.query, request.query ?? {}) : undefined
      const params = spec.params ? parseParams(spec.params, request.params) : undefined
      const body = spec.body ? parseBody(spec.body, request.body) : undefined
      const result = await handler({
        principal,
        query: query as z.output<Q>,
        params: params as z.output<P>,
        body: body as z.output<B>,
        request,
        reply,
      })
      if (registry.validateResponses) {
        const checked = spec.response.safeParse(result)
        if (!checked.success) {
          throw new Error(
            `Response of ${spec.method} ${spec.url} does not match its schema: ${JSON.stringify(checked.error.issues.slice(0, 3))}`,
          )
        }
      }
      if (spec.status) reply.status(spec.status)
      return result
    },
  })
}

function parseParams<T extends Schema>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const name = issue?.path.join('.') || 'path'
  throw new VigilError(
    'INVALID_PARAMS',
    `Invalid path parameter "${name}": ${issue?.message ?? 'invalid value'}`,
  )
}
