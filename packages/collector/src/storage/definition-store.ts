import type { ClickHouseStore } from './clickhouse-store.js'

/**
 * The small versioned documents of migration 011 (`alert_rules`,
 * `alert_channels`, `alert_silences`, `readiness_criteria`): one JSON
 * definition per (project, id), replaced by writing a newer version and
 * deleted by a version with `deleted = 1`. Reads use FINAL; these tables hold
 * a few rows per project, so that costs nothing.
 */

export type DefinitionTable = 'alert_rules' | 'alert_channels' | 'alert_silences' | 'readiness_criteria'

export interface StoredDefinition<T> {
  projectId: string
  id: string
  /** `api` (editable through the API) or `file` (loaded from vigil.config.*). */
  source: 'api' | 'file'
  definition: T
  updatedAt: string
  updatedBy: string
}

interface Row {
  project_id: string
  id: string
  source: string
  definition: string
  updated_ms: string | number
  updated_by: string
}

export class DefinitionStore<T> {
  readonly #store: ClickHouseStore
  readonly #table: DefinitionTable
  readonly #parse: (value: unknown) => T
  // Versions must grow even for two writes in one millisecond (ReplacingMergeTree keeps the highest).
  #lastVersion = 0

  /** `parse` revalidates what is read back (a definition written by an older version may lack new defaults). */
  constructor(store: ClickHouseStore, table: DefinitionTable, parse: (value: unknown) => T) {
    this.#store = store
    this.#table = table
    this.#parse = parse
  }

  /** A project's definitions, or (without `projectId`) every project's: what the evaluator reads. */
  async list(projectId?: string): Promise<StoredDefinition<T>[]> {
    const result = await this.#store.client.query({
      query: `SELECT project_id, id, source, definition, toUnixTimestamp64Milli(updated_at) AS updated_ms, updated_by
FROM ${this.#store.table(this.#table)} FINAL
WHERE deleted = 0${projectId === undefined ? '' : ' AND project_id = {projectId:String}'}
ORDER BY project_id, id`,
      query_params: { projectId },
      format: 'JSONEachRow',
    })
    const out: StoredDefinition<T>[] = []
    for (const row of await result.json<Row>()) {
      out.push({
        projectId: row.project_id,
        id: row.id,
        source: row.source === 'file' ? 'file' : 'api',
        definition: this.#parse(JSON.parse(row.definition)),
        updatedAt: new Date(Number(row.updated_ms)).toISOString(),
        updatedBy: row.updated_by,
      })
    }
    return out
  }

  async get(projectId: string, id: string): Promise<StoredDefinition<T> | undefined> {
    return (await this.list(projectId)).find((entry) => entry.id === id)
  }

  /** Creates or replaces one definition. */
  async put(entry: Omit<StoredDefinition<T>, 'updatedAt'>): Promise<StoredDefinition<T>> {
    const version = this.#nextVersion()
    await this.#write(
      entry.projectId,
      entry.id,
      entry.source,
      JSON.stringify(entry.definition),
      0,
      version,
      entry.updatedBy,
    )
    return { ...entry, updatedAt: new Date(version).toISOString() }
  }

  async delete(projectId: string, id: string, updatedBy: string): Promise<void> {
    await this.#write(projectId, id, 'api', '{}', 1, this.#nextVersion(), updatedBy)
  }

  #nextVersion(): number {
    this.#lastVersion = Math.max(Date.now(), this.#lastVersion + 1)
    return this.#lastVersion
  }

  async #write(
    projectId: string,
    id: string,
    source: string,
    definition: string,
    deleted: 0 | 1,
    version: number,
    updatedBy: string,
  ): Promise<void> {
    await this.#store.client.insert({
      table: this.#store.table(this.#table),
      values: [
        {
          project_id: projectId,
          id,
          source,
          definition,
          deleted,
          // DateTime64 as JSONEachRow parses it without best-effort mode (a number would be read as seconds).
          updated_at: new Date(version).toISOString().replace('T', ' ').replace('Z', ''),
          updated_by: updatedBy,
        },
      ],
      format: 'JSONEachRow',
    })
  }
}
