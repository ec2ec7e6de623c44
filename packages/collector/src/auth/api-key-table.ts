import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import type { Scope } from './principal.js'

/** A stored key as admins see it: never the key, never its hash. */
export interface ApiKeyRecord {
  id: string
  projectId: string
  name: string
  scopes: Scope[]
  createdAt: string
  revokedAt: string | null
}

/** One row of `api_keys`, times in epoch milliseconds. */
export interface ApiKeyRow {
  project_id: string
  key_id: string
  key_hash: string
  name: string
  scopes: Scope[]
  created_ms: string | number
  revoked_ms: string | number | null
  /** The ReplacingMergeTree version: the highest row of a key hash is in force. */
  version: string | number
}

/**
 * The `api_keys` table (migrations 001-002). A key is one row per state,
 * keyed by its hash; revoking appends the same key with `revoked_at` and a
 * higher version, so reads go through FINAL.
 */
export class ApiKeyTable {
  readonly #store: ClickHouseStore

  constructor(store: ClickHouseStore) {
    this.#store = store
  }

  /** The keys of one project (or its key `keyId`), revoked ones included, oldest first. */
  async rows(projectId: string, keyId?: string): Promise<ApiKeyRow[]> {
    const result = await this.#store.client.query({
      query: `SELECT project_id, key_id, key_hash, name, scopes, version,
          toUnixTimestamp64Milli(created_at) AS created_ms, toUnixTimestamp64Milli(revoked_at) AS revoked_ms
        FROM ${this.#store.table('api_keys')} FINAL
        WHERE project_id = {projectId:String}${keyId === undefined ? '' : ' AND key_id = {keyId:String}'}
        ORDER BY created_at, key_id`,
      query_params: keyId === undefined ? { projectId } : { projectId, keyId },
      format: 'JSONEachRow',
    })
    return result.json<ApiKeyRow>()
  }

  /** Every key in force, of every project: what authentication checks against. */
  async activeKeys(): Promise<Pick<ApiKeyRow, 'key_hash' | 'project_id' | 'key_id' | 'scopes'>[]> {
    const result = await this.#store.client.query({
      query: `SELECT key_hash, project_id, key_id, scopes FROM ${this.#store.table('api_keys')} FINAL WHERE revoked_at IS NULL`,
      format: 'JSONEachRow',
    })
    return result.json()
  }

  /** Projects that have keys: every project, including those from before the project registry. */
  async projectIds(): Promise<string[]> {
    const result = await this.#store.client.query({
      query: `SELECT DISTINCT project_id FROM ${this.#store.table('api_keys')} ORDER BY project_id`,
      format: 'JSONEachRow',
    })
    return (await result.json<{ project_id: string }>()).map((row) => row.project_id)
  }

  async insert(row: ApiKeyRow): Promise<void> {
    await this.#store.client.insert({
      table: this.#store.table('api_keys'),
      values: [
        {
          project_id: row.project_id,
          key_id: row.key_id,
          key_hash: row.key_hash,
          name: row.name,
          scopes: row.scopes,
          created_at: dateTime64(row.created_ms),
          revoked_at: row.revoked_ms === null ? null : dateTime64(row.revoked_ms),
          version: Number(row.version),
        },
      ],
      format: 'JSONEachRow',
    })
  }
}

export function recordOf(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.key_id,
    projectId: row.project_id,
    name: row.name,
    scopes: row.scopes,
    createdAt: new Date(Number(row.created_ms)).toISOString(),
    revokedAt: row.revoked_ms === null ? null : new Date(Number(row.revoked_ms)).toISOString(),
  }
}

/** DateTime64 text form, 'YYYY-MM-DD hh:mm:ss.sss' (UTC). */
function dateTime64(ms: string | number): string {
  return new Date(Number(ms)).toISOString().replace('T', ' ').replace('Z', '')
}
