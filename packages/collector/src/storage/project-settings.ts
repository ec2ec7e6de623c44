import type { ClickHouseStore } from './clickhouse-store.js'

export interface ProjectSettingsOptions {
  /** Retention of projects without their own (VIGIL_RETENTION_DAYS). */
  defaultRetentionDays: number
  /** How often settings changed by another collector are picked up. */
  refreshMs?: number
}

/** Longest retention a project can ask for: the TTL column is a UInt16 of days. */
export const MAX_RETENTION_DAYS = 36_500

/**
 * Per-project settings from `project_settings`, kept in memory so the writer
 * can stamp each row's `retention_days` without a query. Reloaded periodically:
 * with several collectors, a change made through one reaches the others within
 * `refreshMs`. If a reload fails the last known settings stay in force, since
 * ingest must not stop because this small table is briefly unreadable.
 */
export class ProjectSettings {
  readonly #store: ClickHouseStore
  readonly #options: Required<ProjectSettingsOptions>
  #retention = new Map<string, number>()
  #timer: NodeJS.Timeout | undefined

  constructor(store: ClickHouseStore, options: ProjectSettingsOptions) {
    this.#store = store
    this.#options = { refreshMs: 30_000, ...options }
  }

  async start(): Promise<void> {
    await this.reload()
    this.#timer = setInterval(() => void this.reload().catch(() => {}), this.#options.refreshMs)
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** The retention, in days, rows of this project are stored with. */
  retentionDays(projectId: string): number {
    return this.#retention.get(projectId) ?? this.#options.defaultRetentionDays
  }

  /**
   * Sets a project's retention; `null` returns it to the default. Applies to
   * rows ingested from now on (rows keep the retention they were stored with).
   */
  async setRetentionDays(projectId: string, days: number | null): Promise<void> {
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS)) {
      throw new RangeError(`retention must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}`)
    }
    await this.#store.client.insert({
      table: this.#store.table('project_settings'),
      values: [{ project_id: projectId, retention_days: days ?? 0 }],
      format: 'JSONEachRow',
    })
    if (days === null) this.#retention.delete(projectId)
    else this.#retention.set(projectId, days)
  }

  async reload(): Promise<void> {
    const result = await this.#store.client.query({
      query: `SELECT project_id, retention_days FROM ${this.#store.table('project_settings')} FINAL`,
      format: 'JSONEachRow',
    })
    const next = new Map<string, number>()
    for (const row of await result.json<{ project_id: string; retention_days: number }>()) {
      const days = Number(row.retention_days)
      if (days > 0) next.set(row.project_id, days)
    }
    this.#retention = next
  }
}
