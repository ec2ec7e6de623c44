import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { VigilError } from '../errors.js'
import type { ApiKeyStore, Principal, Scope } from './api-key-store.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined
  }
}

/** Paths that need no key: liveness, and the dashboard's static files (it signs in with a key itself). */
const protectedPrefixes = ['/v1/', '/api/']

/**
 * Bearer-key authentication for the OTLP and API routes. Runs on `onRequest`,
 * before the body is read, so an unauthenticated client can't make the
 * collector inflate a large body.
 */
const authPlugin: FastifyPluginAsync<{ keys: ApiKeyStore }> = async (app, { keys }) => {
  app.decorateRequest('principal', undefined)
  app.addHook('onRequest', async (request) => {
    if (!protectedPrefixes.some((prefix) => request.url.startsWith(prefix))) return
    request.principal = authenticate(request, keys)
  })
}

function authenticate(request: FastifyRequest, keys: ApiKeyStore): Principal {
  const header = request.headers.authorization
  if (!header) {
    throw new VigilError('UNAUTHORIZED', 'Missing API key: send the header "Authorization: Bearer <key>"')
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match?.[1]) {
    throw new VigilError('UNAUTHORIZED', 'Malformed Authorization header: expected "Bearer <key>"')
  }
  const principal = keys.verify(match[1])
  if (!principal) throw new VigilError('UNAUTHORIZED', 'Invalid API key')
  return principal
}

/** The caller's identity, checked for the scope the route needs. */
export function principalOf(request: FastifyRequest, scope: Scope): Principal {
  const principal = request.principal
  if (!principal) throw new VigilError('UNAUTHORIZED', 'Missing API key')
  if (!principal.scopes.includes(scope)) {
    throw new VigilError('FORBIDDEN', `This API key lacks the "${scope}" scope needed here`)
  }
  return principal
}

export default fp(authPlugin, { name: 'vigil-auth' })
