import { randomUUID } from 'node:crypto'
import type { ClickHouseStore } from './clickhouse-store.js'

/** Who made a change: a key, and the project it belongs to (an instance admin acts on other projects). */
export interface AuditActor {
  projectId: string
  keyId: string
}

/**
 * One change to a project's configuration. `action` is `<thing>.<verb>`
 * (`key.create`, `prices.replace`, `retention.set`…; docs/access.md lists
 * them); a new feature records its own actions without a schema change.
 */
export interface AuditEvent {
  /** The project whose configuration changed. */
  projectId: string
  actor: AuditActor
  action: string
  /** What changed: a key id, a project id, `prices`, `retention`… */
  target: string
  details?: Record<string, unknown>
}

export interface AuditEntry extends Required<AuditEvent> {
  id: string
  time: string
}

export interface AuditQuery {
  projectId: string
  /** An action (`key.create`), or every action of a thing (`key.*`). */
  action?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  limit: number
}

export interface AuditLogOptions {
  /** Where an entry goes when storage refuses it (the collector log). */
  onWriteError?: (error: unknown, entry: AuditEntry) => void
}

interface AuditRow {
  id: string
  time_ms: string | number
  project_id: string
  actor_project_id: string
  actor_key_id: string
  action: string
  target: string
  details: string
}

/** The `audit_log` table (migration 007): who changed keys, prices, retention, projects. */
export class AuditLog {
  readonly #store: ClickHouseStore
  readonly #onWriteError: (error: unknown, entry: AuditEntry) => void

  constructor(store: ClickHouseStore, options: AuditLogOptions = {}) {
    this.#store = store
    this.#onWriteError = options.onWriteError ?? (() => {})
  }

  /**
   * Records a change that has been made. Never rejects: by now the change is
   * in force (a new key already shown once), so failing the request would
   * misreport it and invite a duplicate on retry. An entry storage refuses goes
   * to `onWriteError` instead, which writes it to the collector log.
   */
  async record(event: AuditEvent): Promise<AuditEntry> {
    const entry: AuditEntry = {
      id: randomUUID(),
      time: new Date().toISOString(),
      details: {},
      ...event,
      // Only who acted: a caller may pass its whole principal.
      actor: { projectId: event.actor.projectId, keyId: event.actor.keyId },
    }
    try {
      await this.#store.client.insert({
        table: this.#store.table('audit_log'),
        values: [
          {
            project_id: entry.projectId,
            time: entry.time.replace('T', ' ').replace('Z', ''),
            id: entry.id,
            actor_project_id: entry.actor.projectId,
            actor_key_id: entry.actor.keyId,
            action: entry.action,
            target: entry.target,
            details: JSON.stringify(entry.details),
          },
        ],
        format: 'JSONEachRow',
      })
    } catch (error) {
      this.#onWriteError(error, entry)
    }
    return entry
  }

  /** A project's entries, newest first. */
  async query(query: AuditQuery): Promise<AuditEntry[]> {
    const conditions = ['project_id = {projectId:String}']
    const params: Record<string, unknown> = { projectId: query.projectId, limit: query.limit }
    if (query.action?.endsWith('.*')) {
      conditions.push('startsWith(action, {actionPrefix:String})')
      params.actionPrefix = query.action.slice(0, -1)
    } else if (query.action !== undefined) {
      conditions.push('action = {action:String}')
      params.action = query.action
    }
    if (query.from) {
      conditions.push('time >= {from:DateTime64(3)}')
      params.from = query.from.getTime() / 1000
    }
    if (query.to) {
      conditions.push('time < {to:DateTime64(3)}')
      params.to = query.to.getTime() / 1000
    }
    const result = await this.#store.client.query({
      query: `SELECT id, toUnixTimestamp64Milli(time) AS time_ms, project_id, actor_project_id, actor_key_id,
          action, target, details
        FROM ${this.#store.table('audit_log')}
        WHERE ${conditions.join(' AND ')}
        ORDER BY time DESC, id DESC
        LIMIT {limit:UInt32}`,
      query_params: params,
      format: 'JSONEachRow',
    })
    return (await result.json<AuditRow>()).map((row) => ({
      id: row.id,
      time: new Date(Number(row.time_ms)).toISOString(),
      projectId: row.project_id,
      actor: { projectId: row.actor_project_id, keyId: row.actor_key_id },
      action: row.action,
      target: row.target,
      details: parseDetails(row.details),
    }))
  }
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value }
  } catch {
    // Written by this class as JSON; anything else is shown as it is rather than hidden.
    return { raw: text }
  }
}
