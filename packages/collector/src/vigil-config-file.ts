import { existsSync, readFileSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { alertChannelInput, channelStore } from './alerts/alert-channel.js'
import { alertRuleInput } from './alerts/alert-rule.js'
import { alertRuleStore } from './alerts/alert-rule-store.js'
import { ConfigError } from './errors.js'
import { readinessCriteriaInput, readinessCriteriaStore } from './readiness/readiness-criteria.js'
import type { ClickHouseStore } from './storage/clickhouse-store.js'
import type { DefinitionStore } from './storage/definition-store.js'

/**
 * `vigil.config.(yaml|yml|json)`: alert rules, notification channels and
 * readiness criteria kept in the app's repository and reviewed like code,
 * loaded at every start. The file is the truth for what it defines: its
 * definitions are stored with source `file` (read-only through the API),
 * replaced when they change and deleted when they leave the file. `${NAME}`
 * in a string is replaced by the environment variable NAME, so webhook URLs
 * and secrets need not be committed.
 *
 * @example
 * project: default
 * channels:
 *   - { name: oncall, type: slack, url: "${SLACK_WEBHOOK_URL}" }
 * alerts:
 *   - id: support-latency
 *     name: Support answers slowly
 *     metric: latencyP95Ms
 *     filters: { useCase: support }
 *     comparison: ">"
 *     threshold: 2000
 *     window: 15m
 *     for: 5m
 *     channels: [oncall]
 * readiness:
 *   - useCase: support
 *     window: 7d
 *     criteria:
 *       - { metric: errorRate, comparison: "<=", threshold: 0.01 }
 */

export const configFileNames = ['vigil.config.yaml', 'vigil.config.yml', 'vigil.config.json'] as const

const fileSchema = z.strictObject({
  project: z.string().min(1).max(128).default('default').describe('The project the definitions belong to'),
  channels: z.array(alertChannelInput).default([]),
  alerts: z
    .array(
      alertRuleInput.refine((rule) => rule.id !== undefined, {
        message: 'a rule in the config file needs an `id` (its state and history are keyed by it)',
        path: ['id'],
      }),
    )
    .default([]),
  readiness: z.array(readinessCriteriaInput).default([]),
})
export type VigilConfigFile = z.output<typeof fileSchema>

/** The file to load: the one named, else the first of {@link configFileNames} in `cwd`, else none. */
export function findConfigFile(named: string | undefined, cwd = process.cwd()): string | undefined {
  if (named !== undefined) {
    const path = resolve(cwd, named)
    if (!existsSync(path)) throw new ConfigError(`VIGIL_CONFIG names ${path}, which does not exist`)
    return path
  }
  return configFileNames.map((name) => resolve(cwd, name)).find((path) => existsSync(path))
}

/** Reads and validates a config file; a problem is a ConfigError naming the file and the field. */
export function readConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): VigilConfigFile {
  let raw: unknown
  try {
    const text = readFileSync(path, 'utf8')
    raw = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new ConfigError(`${path} cannot be read: ${(error as Error).message}`)
  }
  const parsed = fileSchema.safeParse(interpolate(raw ?? {}, env, path, ''))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
    throw new ConfigError(
      `${path}: ${field ? `${field.replace(/^\./, '')}: ` : ''}${issue?.message ?? 'invalid'}`,
    )
  }
  const ids = (
    list: { id?: string | undefined; name?: string; useCase?: string }[],
    key: 'id' | 'name' | 'useCase',
    what: string,
  ) => {
    const seen = new Set<string>()
    for (const item of list) {
      const id = item[key] as string
      if (seen.has(id)) throw new ConfigError(`${path}: ${what} "${id}" is defined twice`)
      seen.add(id)
    }
  }
  ids(parsed.data.alerts, 'id', 'alert rule')
  ids(parsed.data.channels, 'name', 'channel')
  ids(parsed.data.readiness, 'useCase', 'readiness criteria of use case')
  const channels = new Set(parsed.data.channels.map((channel) => channel.name))
  for (const rule of parsed.data.alerts) {
    const unknown = rule.channels.find((name) => !channels.has(name))
    if (unknown !== undefined)
      throw new ConfigError(
        `${path}: alert rule "${rule.id}" names channel "${unknown}", which the file does not define`,
      )
  }
  return parsed.data
}

/** `${NAME}` in every string, from the environment; an unset variable is an error naming it and where. */
function interpolate(value: unknown, env: NodeJS.ProcessEnv, path: string, at: string): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const found = env[name]
      if (found === undefined)
        throw new ConfigError(`${path}: ${at.replace(/^\./, '')} uses \${${name}}, which is not set`)
      return found
    })
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, path, `${at}[${i}]`))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, env, path, `${at}.${key}`)]),
    )
  return value
}

export interface ConfigFileSync {
  created: number
  updated: number
  deleted: number
  unchanged: number
  /** Ids of API-made definitions the file replaced (they had the same id). */
  replaced: string[]
}

const FILE_ACTOR = 'config-file'

/**
 * Makes the stored `file` definitions of the project equal the file's. Writes
 * only what changed, so collectors starting together with the same file agree
 * without churn.
 */
export async function applyConfigFile(
  store: ClickHouseStore,
  file: VigilConfigFile,
): Promise<ConfigFileSync> {
  const result: ConfigFileSync = { created: 0, updated: 0, deleted: 0, unchanged: 0, replaced: [] }
  const sync = async <T>(definitions: DefinitionStore<T>, wanted: Map<string, T>) => {
    const existing = new Map((await definitions.list(file.project)).map((entry) => [entry.id, entry]))
    for (const [id, definition] of wanted) {
      const current = existing.get(id)
      if (current?.source === 'file' && JSON.stringify(current.definition) === JSON.stringify(definition)) {
        result.unchanged++
        continue
      }
      if (current?.source === 'api') result.replaced.push(id)
      await definitions.put({
        projectId: file.project,
        id,
        source: 'file',
        definition,
        updatedBy: FILE_ACTOR,
      })
      if (current) result.updated++
      else result.created++
    }
    for (const [id, current] of existing) {
      if (current.source === 'file' && !wanted.has(id)) {
        await definitions.delete(file.project, id, FILE_ACTOR)
        result.deleted++
      }
    }
  }
  await sync(channelStore(store), new Map(file.channels.map((channel) => [channel.name, channel])))
  await sync(
    alertRuleStore(store),
    new Map(file.alerts.map((rule) => [rule.id as string, { ...rule, id: rule.id as string }])),
  )
  await sync(
    readinessCriteriaStore(store),
    new Map(file.readiness.map((criteria) => [criteria.useCase, criteria])),
  )
  return result
}
