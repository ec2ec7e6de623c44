import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { z } from 'zod'
import { type ApiRouteSpec, ApiRoutes } from './api-route.js'

type Json = Record<string, unknown>

export interface OpenApiOptions {
  version: string
  /** Validate every API answer against its schema (tests). */
  validateResponses?: boolean
}

const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable error code, e.g. VIGIL_ERR_INVALID_PARAMS'),
    message: z.string().describe('What was wrong, naming the parameter or field'),
  }),
})

const errorResponses = {
  '400': 'Invalid parameters or body; the message names the parameter and what is allowed',
  '401': 'Missing or invalid API key',
  '403': 'The key lacks the scope this route needs',
  '429': 'Rate limit of this key exceeded; retry after `Retry-After` seconds',
}

/**
 * Decorates the app with the {@link ApiRoutes} registry (register it before
 * the API plugins) and serves what they declare: `GET /openapi.json`
 * (OpenAPI 3.1, schemas from the routes' zod schemas) and `GET /docs`
 * (Swagger UI, shipped with the collector: it works offline).
 */
const openApiPlugin: FastifyPluginAsync<OpenApiOptions> = async (app, options) => {
  const registry = new ApiRoutes()
  registry.validateResponses = options.validateResponses ?? false
  app.decorate('apiRoutes', registry)

  let document: Json | undefined
  app.get('/openapi.json', async () => {
    document ??= openApiDocument(registry.routes, options.version)
    return document
  })

  const assets = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const files: Record<string, string> = {
    'swagger-ui.css': 'text/css; charset=utf-8',
    'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  }
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage))
  app.get<{ Params: { file: string } }>('/docs/:file', async (request, reply) => {
    const type = files[request.params.file]
    if (!type) return reply.callNotFound()
    const body = await readFile(join(assets, request.params.file))
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(body)
  })
}

const docsPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Vigil API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', persistAuthorization: true })
  </script>
</body>
</html>
`

/**
 * A zod schema as JSON Schema inside the OpenAPI document. Recursive schemas
 * (a trace's span tree) come with `$defs` and `#/$defs/…` references, which
 * resolve against the document root: the definitions move to
 * `components.schemas` and the references follow them.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components?: Record<string, Json>): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json
  delete out.$schema
  const defs = out.$defs as Record<string, Json> | undefined
  if (!defs) return out
  delete out.$defs
  const rewritten = JSON.parse(JSON.stringify(out).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json
  for (const [name, definition] of Object.entries(defs)) {
    const moved = JSON.parse(
      JSON.stringify(definition).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as Json
    if (components) components[name] = moved
  }
  return rewritten
}

/** `/api/v1/calls/:spanId` → `/api/v1/calls/{spanId}`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]\w*)/g, '{$1}')
}

function parameters(
  schema: z.ZodType | undefined,
  where: 'query' | 'path',
  components: Record<string, Json>,
): Json[] {
  if (!schema) return []
  const object = jsonSchema(schema, 'input', components)
  const properties = (object.properties ?? {}) as Record<string, Json>
  const required = new Set((object.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    }
  })
}

export function openApiDocument(
  routes: readonly ApiRouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>[],
  version: string,
): Json {
  const paths: Record<string, Record<string, Json>> = {}
  const schemas: Record<string, Json> = {}
  const toSchema = (schema: z.ZodType, io: 'input' | 'output') => jsonSchema(schema, io, schemas)
  for (const route of routes) {
    const path = openApiPath(route.url)
    paths[path] ??= {}
    const responses: Record<string, Json> = {
      [String(route.status ?? 200)]: {
        description: 'Success',
        content: { 'application/json': { schema: toSchema(route.response, 'output') } },
      },
    }
    for (const [status, description] of Object.entries(errorResponses)) {
      responses[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      }
    }
    ;(paths[path] as Record<string, Json>)[route.method.toLowerCase()] = {
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      'x-vigil-scope': route.scope,
      parameters: [
        ...parameters(route.params, 'path', schemas),
        ...parameters(route.query, 'query', schemas),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version,
      description:
        'Production metrics of LLM features: usage, cost, latency, errors, fallbacks and human signals. ' +
        'Every request is bound to the project of its API key. Send the key as `Authorization: Bearer <key>`.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: { ...schemas, Error: jsonSchema(errorSchema, 'output') },
    },
    security: [{ apiKey: [] }],
    paths,
  }
}

export default fp(openApiPlugin, { name: 'vigil-openapi' })
