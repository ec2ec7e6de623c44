import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { type RunningCollector, startCollector } from '../collector.js'
import type { CollectorOptions } from '../config.js'
import { startCollectorWithKeys, type TestKey } from './collector-with-keys.js'

/** An API answer body; tests check it field by field (and the server checks it against the route schema). */
// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field, whatever their route
export type Json = any

export interface ApiAnswer {
  status: number
  body: Json
}

/** Requests to one collector's HTTP API, as a client with a `Bearer` key sends them. */
export interface ApiClient {
  /** Sends `body`, if any, as JSON; without `key`, no Authorization header. The caller reads the response. */
  send(method: string, path: string, key?: string, body?: unknown): Promise<Response>
  /** As `send`, reading the answer as JSON (which frees the connection, so closing the collector never waits on it). */
  call(method: string, path: string, key?: string, body?: unknown): Promise<ApiAnswer>
  get(path: string, key?: string): Promise<ApiAnswer>
}

/**
 * A client for the collector at `baseUrl`; a function is called at each
 * request, for a URL known only once the collector listens (or that changes
 * when it restarts).
 */
export function apiClient(baseUrl: string | (() => string)): ApiClient {
  const base = typeof baseUrl === 'string' ? () => baseUrl : baseUrl
  const send = (method: string, path: string, key?: string, body?: unknown) =>
    fetch(`${base()}${path}`, {
      method,
      headers: {
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const response = await send(method, path, key, body)
    return { status: response.status, body: (await response.json()) as Json }
  }
  return { send, call, get: (path, key) => call('GET', path, key) }
}

export interface TestCollectorOptions extends Omit<CollectorOptions, 'dataDir'> {
  /** Names the temporary data directory, `vigil-<name>-…`, removed after the file's tests. */
  name: string
  /** Keys besides `apiKey`, created before the collector the tests use starts. */
  keys?: TestKey[]
}

/** The running collector's parts (valid inside tests and hooks), its data directory, and an API client. */
export interface TestCollector extends Readonly<Omit<RunningCollector, 'close'>>, ApiClient {
  readonly dataDir: string
  /** Closes the collector and starts it again on the same data directory, with the same options. */
  restart(): Promise<void>
}

/**
 * Starts a collector on a free port and a fresh data directory before the
 * file's tests (`beforeAll`), and closes it and removes the directory after
 * them (`afterAll`). Port 0 and a silent log unless `options` say otherwise.
 * Hooks the caller registers afterwards run after the start and, as Vitest
 * stacks "after" hooks, before the close.
 *
 * @example
 * const collector = useTestCollector({ name: 'audit', apiKey: ADMIN })
 * it('lists keys', async () => {
 *   expect((await collector.get('/api/v1/keys', ADMIN)).status).toBe(200)
 * })
 */
export function useTestCollector(options: TestCollectorOptions): TestCollector {
  const { name, keys, ...collectorOptions } = options
  let dataDir: string | undefined
  let running: RunningCollector | undefined
  const config = (): CollectorOptions => ({ port: 0, logLevel: 'silent', ...collectorOptions, dataDir })
  const current = (): RunningCollector => {
    if (!running) throw new Error(`The test collector "${name}" is not running: use it inside tests or hooks`)
    return running
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `vigil-${name}-`))
    running = keys ? await startCollectorWithKeys(config(), keys) : await startCollector(config())
  })

  afterAll(async () => {
    await running?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  return {
    ...apiClient(() => current().url),
    get app() {
      return current().app
    },
    get url() {
      return current().url
    },
    get createdKey() {
      return current().createdKey
    },
    get engine() {
      return current().engine
    },
    get store() {
      return current().store
    },
    get writer() {
      return current().writer
    },
    get projectSettings() {
      return current().projectSettings
    },
    get dataDir() {
      if (!dataDir) throw new Error(`The test collector "${name}" has no data directory before it starts`)
      return dataDir
    },
    async restart() {
      await current().close()
      running = undefined
      running = await startCollector(config())
    },
  }
}
