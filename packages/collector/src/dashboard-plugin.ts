import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import type { FastifyPluginAsync } from 'fastify'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
}

/** Where the built dashboard lives: an explicit directory, else the @vigil/dashboard package's dist/. */
export function resolveDashboardDir(explicit?: string): string | undefined {
  if (explicit) return explicit
  try {
    const require = createRequire(import.meta.url)
    const dir = join(dirname(require.resolve('@vigil/dashboard/package.json')), 'dist')
    return existsSync(dir) ? dir : undefined
  } catch {
    return undefined
  }
}

const compress = promisify(gzip)
const compressible = new Set(['.html', '.js', '.css', '.svg', '.json'])

/** A file as sent: its bytes, gzipped once when worth it, keyed by path and modification time. */
interface CachedFile {
  mtimeMs: number
  body: Buffer
  gzipped: Buffer | undefined
}

/**
 * Serves the dashboard's static files; unknown paths get index.html so the
 * app can route them. Text files go gzipped to clients that accept it (the
 * first-paint bundle is ~310 kB raw, ~105 kB gzipped), compressed once and
 * kept in memory. Vite names built assets by content hash, so `/assets/*`
 * may be cached forever; index.html must be revalidated, since it names them.
 */
const dashboardPlugin: FastifyPluginAsync<{ dir: string | undefined }> = async (app, { dir }) => {
  const cache = new Map<string, CachedFile>()

  async function load(file: string): Promise<CachedFile> {
    const { mtimeMs } = await stat(file)
    const cached = cache.get(file)
    if (cached?.mtimeMs === mtimeMs) return cached
    const body = await readFile(file)
    const gzipped = compressible.has(extname(file)) && body.length > 1024 ? await compress(body) : undefined
    const entry = { mtimeMs, body, gzipped }
    cache.set(file, entry)
    return entry
  }

  app.get('/*', async (request, reply) => {
    const path = (request.params as { '*': string })['*'] || 'index.html'
    if (path.startsWith('api/') || path.startsWith('v1/')) return reply.callNotFound()
    if (!dir) {
      return reply
        .type('text/plain')
        .send('Vigil collector is running. The dashboard is not built: run `pnpm build`.')
    }
    const file = normalize(join(dir, path))
    const inside = file.startsWith(dir + sep)
    const target = inside && existsSync(file) && extname(file) !== '' ? file : join(dir, 'index.html')
    const { body, gzipped } = await load(target)
    reply
      .type(contentTypes[extname(target)] ?? 'application/octet-stream')
      .header(
        'cache-control',
        path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
      .header('vary', 'accept-encoding')
    if (gzipped && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(gzipped)
    }
    return reply.send(body)
  })
}

export default dashboardPlugin
