import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { VigilError } from '../errors.js'
import type { ApiKeyStore, Principal, Scope } from './api-key-store.js'
import type { KeyRateLimiter } from './key-rate-limiter.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined
  }
}

export interface AuthPluginOptions {
  keys: ApiKeyStore
  /** Per-key budget on `/api/*`; OTLP ingest has its own per-project admission. */
  apiRateLimit?: KeyRateLimiter
}

/** Paths that need no key: liveness, and the dashboard's static files (it signs in with a key itself). */
const protectedPrefixes = ['/v1/', '/api/']

/**
 * Query parameters clients and tools put keys in. A key in a URL ends up in
 * access logs, proxy logs and browser history, so such a request is refused
 * outright, whatever else it carries: accepting it once teaches the habit.
 */
const keyParameters = new Set(['api_key', 'apikey', 'api-key', 'key', 'token', 'access_token', 'auth'])

/**
 * Bearer-key authentication for the OTLP and API routes, then the per-key rate
 * limit of the API. Runs on `onRequest`, before the body is read, so an
 * unauthenticated or throttled client can't make the collector inflate a
 * large body.
 */
const authPlugin: FastifyPluginAsync<AuthPluginOptions> = async (app, { keys, apiRateLimit }) => {
  app.decorateRequest('principal', undefined)
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?', 1)[0] ?? ''
    const isProtected = protectedPrefixes.some((prefix) => path.startsWith(prefix))
    if (!isProtected && path !== '/metrics') return
    refuseKeyInUrl(request.url)
    if (!isProtected) return
    const principal = authenticate(request, keys)
    request.principal = principal
    if (apiRateLimit && path.startsWith('/api/')) {
      const retryAfterSeconds = apiRateLimit.take(principal.keyId)
      if (retryAfterSeconds > 0) {
        throw new VigilError(
          'RATE_LIMITED',
          `This API key is over its request rate; retry after ${retryAfterSeconds} s (Retry-After)`,
          { retryAfterSeconds },
        )
      }
    }
  })
}

function refuseKeyInUrl(url: string): void {
  const start = url.indexOf('?')
  if (start < 0) return
  for (const name of new URLSearchParams(url.slice(start + 1)).keys()) {
    if (!keyParameters.has(name.toLowerCase())) continue
    throw new VigilError(
      'KEY_IN_URL',
      `API keys are never accepted in the URL (query parameter "${name}"): URLs are written to logs and histories. ` +
        'Send the header "Authorization: Bearer <key>" instead, and revoke this key if it was a real one.',
    )
  }
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

/** For what concerns the whole instance (creating projects): see `Principal.instanceAdmin`. */
export function requireInstanceAdmin(principal: Principal): void {
  if (principal.instanceAdmin) return
  throw new VigilError(
    'FORBIDDEN',
    'Only an instance admin may do this: an admin key of the "default" project (the one created at first start, or VIGIL_API_KEY)',
  )
}

export default fp(authPlugin, { name: 'vigil-auth' })
