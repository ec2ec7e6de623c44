import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import dashboardPlugin from './dashboard-plugin.js'

const root = mkdtempSync(join(tmpdir(), 'vigil-dashboard-plugin-'))
const dist = join(root, 'dist')
const script = `console.log(${JSON.stringify('x'.repeat(5000))})\n`
const app = Fastify()

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'), { recursive: true })
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>')
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), script)
  writeFileSync(join(root, 'secret.txt'), 'not for the browser')
  app.register(dashboardPlugin, { dir: dist })
  await app.ready()
})

afterAll(async () => {
  await app.close()
  rmSync(root, { recursive: true, force: true })
})

describe('the dashboard’s static files', () => {
  it('sends text gzipped to clients that accept it, and plain to the others', async () => {
    const zipped = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.rawPayload.length).toBeLessThan(script.length / 10)
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(script)
    const plain = await app.inject({ url: '/assets/index-abc123.js' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(script)
  })

  it('lets hashed assets be cached for good and makes index.html revalidate', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' })
    expect(asset.headers['cache-control']).toContain('immutable')
    const page = await app.inject({ url: '/calls/0123456789abcdef?model=gpt-4o' })
    expect(page.headers['cache-control']).toBe('no-cache')
    expect(page.body).toContain('id="root"')
  })

  it('answers app routes with index.html and never serves files outside the build', async () => {
    const outside = await app.inject({ url: '/..%2fsecret.txt' })
    expect(outside.body).not.toContain('not for the browser')
    expect((await app.inject({ url: '/api/v1/nothing' })).statusCode).toBe(404)
  })
})
