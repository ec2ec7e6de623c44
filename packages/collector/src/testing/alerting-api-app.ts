import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import { type AlertChannel, channelStore } from '../alerts/alert-channel.js'
import {
  NotificationDispatcher,
  type NotificationDispatcherOptions,
} from '../alerts/notification-dispatcher.js'
import { type Silence, silenceStore } from '../alerts/silence.js'
import alertChannelsApi from '../api/alert-channels-api.js'
import alertDeliveriesApi from '../api/alert-deliveries-api.js'
import openApiPlugin from '../api/openapi-plugin.js'
import silencesApi from '../api/silences-api.js'
import { ApiKeyStore } from '../auth/api-key-store.js'
import authPlugin from '../auth/auth-plugin.js'
import { asVigilError } from '../errors.js'
import { AlertDeliveryLog } from '../storage/alert-delivery-log.js'
import { AuditLog } from '../storage/audit-log.js'
import { type ClickHouseStore, openClickHouseStore } from '../storage/clickhouse-store.js'
import type { DefinitionStore } from '../storage/definition-store.js'
import { migrate } from '../storage/migrator.js'
import type { TestKey } from './collector-with-keys.js'
import type { ApiAnswer } from './test-collector.js'

/** What the rules options of the plugins read: a rule's id and channels. */
export interface TestRule {
  projectId: string
  id: string
  channels: string[]
}

export interface AlertingApiApp {
  readonly app: FastifyInstance
  readonly store: ClickHouseStore
  readonly channels: DefinitionStore<AlertChannel>
  readonly silences: DefinitionStore<Silence>
  readonly deliveries: AlertDeliveryLog
  readonly audit: AuditLog
  /** Rules the plugins see (add to it in a test). */
  readonly rules: TestRule[]
  call(method: string, url: string, key?: string, body?: unknown): Promise<ApiAnswer>
}

/**
 * The alert channel, silence and delivery API plugins on a small Fastify app
 * with the collector's auth, error answers and response validation, over a
 * real store in a temporary directory: started before the file's tests,
 * closed after them. `adminKey` is the default project's admin key.
 */
export function useAlertingApiApp(options: {
  name: string
  adminKey: string
  keys?: TestKey[]
  dispatcher?: Partial<NotificationDispatcherOptions>
}): AlertingApiApp {
  let dataDir: string | undefined
  let parts: Omit<AlertingApiApp, 'call' | 'rules'> | undefined
  let keys: ApiKeyStore | undefined
  let dispatcher: NotificationDispatcher | undefined
  const rules: TestRule[] = []
  const current = () => {
    if (!parts) throw new Error(`The alerting API app "${options.name}" runs only inside tests and hooks`)
    return parts
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `vigil-${options.name}-`))
    const store = openClickHouseStore({ dataDir, clickhouse: { database: 'vigil' } })
    await migrate(store)
    keys = new ApiKeyStore(store, { reloadMs: 60_000 })
    await keys.start(options.adminKey)
    for (const { key, projectId, scopes } of options.keys ?? []) {
      await keys.create(key, { projectId, name: `${projectId}-${scopes.join('-')}`, scopes })
    }
    const channels = channelStore(store)
    const silences = silenceStore(store)
    const deliveries = new AlertDeliveryLog(store)
    const audit = new AuditLog(store)
    const silentLog = { info: () => {}, warn: () => {}, error: () => {} }
    dispatcher = new NotificationDispatcher({
      channels,
      silences,
      deliveries,
      log: silentLog,
      ...options.dispatcher,
    })
    const ruleLookup = {
      list: async (projectId: string) =>
        rules
          .filter((rule) => rule.projectId === projectId)
          .map((rule) => ({ id: rule.id, definition: { channels: rule.channels } })),
      get: async (projectId: string, id: string) =>
        rules.find((rule) => rule.projectId === projectId && rule.id === id),
    }

    const app = Fastify({ logger: false })
    app.setErrorHandler((raw: Error, _request, reply) => {
      const error = asVigilError(raw)
      return reply.status(error.statusCode).send({ error: { code: error.code, message: error.message } })
    })
    app.register(authPlugin, { keys })
    app.register(openApiPlugin, { version: 'test', validateResponses: true })
    app.register(alertChannelsApi, { channels, audit, dispatcher, rules: ruleLookup })
    app.register(silencesApi, { silences, audit, rules: ruleLookup })
    app.register(alertDeliveriesApi, { deliveries })
    await app.ready()
    parts = { app, store, channels, silences, deliveries, audit }
  })

  afterAll(async () => {
    await parts?.app.close()
    await dispatcher?.close()
    keys?.stop()
    await parts?.store.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  return {
    get app() {
      return current().app
    },
    get store() {
      return current().store
    },
    get channels() {
      return current().channels
    },
    get silences() {
      return current().silences
    },
    get deliveries() {
      return current().deliveries
    },
    get audit() {
      return current().audit
    },
    rules,
    async call(method, url, key, body) {
      const response = await current().app.inject({
        method: method as 'GET',
        url,
        headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
        ...(body === undefined ? {} : { payload: body as object }),
      })
      return { status: response.statusCode, body: response.json() }
    },
  }
}
