import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, extname, join, normalize, sep } from 'node:path'
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

/** Serves the dashboard's static files; unknown paths get index.html so the app can route them. */
const dashboardPlugin: FastifyPluginAsync<{ dir: string | undefined }> = async (app, { dir }) => {
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
    return reply
      .type(contentTypes[extname(target)] ?? 'application/octet-stream')
      .send(await readFile(target))
  })
}

export default dashboardPlugin
