import { createHash, randomBytes } from 'node:crypto'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'

export type Scope = 'ingest' | 'read' | 'admin'

/** Who is calling: the project every query and write of the request is bound to. */
export interface Principal {
  projectId: string
  keyId: string
  scopes: readonly Scope[]
}

export const DEFAULT_PROJECT = 'default'
const ALL_SCOPES: Scope[] = ['ingest', 'read', 'admin']

/**
 * API keys, stored as SHA-256 hashes only. Keys are 256 random bits, so a
 * fast hash is enough (no password stretching needed), and looking a key up
 * by its hash means the comparison never touches the secret itself.
 */
export class ApiKeyStore {
  readonly #store: ClickHouseStore
  #byHash = new Map<string, Principal>()

  constructor(store: ClickHouseStore) {
    this.#store = store
  }

  static generateKey(): string {
    return `vgl_${randomBytes(32).toString('base64url')}`
  }

  static hash(key: string): string {
    return createHash('sha256').update(key).digest('hex')
  }

  /**
   * Loads the stored keys. With `configuredKey` (VIGIL_API_KEY) that key is
   * accepted as the default project's admin key. Without it, and with no key
   * stored yet, a key is created and returned — the only time it is ever seen.
   */
  async start(configuredKey?: string): Promise<{ createdKey?: string }> {
    await this.reload()
    if (configuredKey) {
      this.#byHash.set(ApiKeyStore.hash(configuredKey), {
        projectId: DEFAULT_PROJECT,
        keyId: 'env:VIGIL_API_KEY',
        scopes: ALL_SCOPES,
      })
      return {}
    }
    if (this.#byHash.size > 0) return {}
    const createdKey = ApiKeyStore.generateKey()
    await this.create(createdKey, {
      projectId: DEFAULT_PROJECT,
      name: 'initial admin key',
      scopes: ALL_SCOPES,
    })
    return { createdKey }
  }

  async create(key: string, options: { projectId: string; name: string; scopes: Scope[] }): Promise<string> {
    const keyHash = ApiKeyStore.hash(key)
    const keyId = keyHash.slice(0, 12)
    await this.#store.client.insert({
      table: this.#store.table('api_keys'),
      values: [
        {
          project_id: options.projectId,
          key_id: keyId,
          key_hash: keyHash,
          name: options.name,
          scopes: options.scopes,
          version: Date.now(),
        },
      ],
      format: 'JSONEachRow',
    })
    this.#byHash.set(keyHash, { projectId: options.projectId, keyId, scopes: options.scopes })
    return keyId
  }

  async reload(): Promise<void> {
    const result = await this.#store.client.query({
      query: `SELECT project_id, key_id, key_hash, scopes FROM ${this.#store.table('api_keys')} FINAL WHERE revoked_at IS NULL`,
      format: 'JSONEachRow',
    })
    const rows = await result.json<{
      project_id: string
      key_id: string
      key_hash: string
      scopes: Scope[]
    }>()
    const next = new Map<string, Principal>()
    for (const [hash, principal] of this.#byHash) {
      if (principal.keyId.startsWith('env:')) next.set(hash, principal)
    }
    for (const row of rows)
      next.set(row.key_hash, { projectId: row.project_id, keyId: row.key_id, scopes: row.scopes })
    this.#byHash = next
  }

  verify(key: string): Principal | undefined {
    return this.#byHash.get(ApiKeyStore.hash(key))
  }
}
