import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { type ApiKeyRecord, ApiKeyTable, recordOf } from './api-key-table.js'
import { DEFAULT_PROJECT, type Principal, principal, SCOPES, type Scope } from './principal.js'

export type { ApiKeyRecord } from './api-key-table.js'
export { DEFAULT_PROJECT, type Principal, type Scope } from './principal.js'

export interface ApiKeyStoreOptions {
  /**
   * How often the `api_keys` table is re-read, so a key created or revoked
   * through another collector takes effect here. This collector's own changes
   * apply at once.
   */
  reloadMs?: number
}

/** The key configured by VIGIL_API_KEY: not stored, so it cannot be listed or revoked. */
export const CONFIGURED_KEY_ID = 'env:VIGIL_API_KEY'

interface Entry {
  hash: Buffer
  principal: Principal
}

/**
 * API keys, stored as SHA-256 hashes only. Keys are 256 random bits, so a
 * fast hash is enough (no password stretching needed). Valid keys are kept in
 * memory by hash, so authenticating a request costs no query.
 */
export class ApiKeyStore {
  readonly #table: ApiKeyTable
  readonly #reloadMs: number
  #byHash = new Map<string, Entry>()
  #configured: Entry | undefined
  /** Bumped by every change made here: a reload that started before it would resurrect what it undid. */
  #generation = 0
  #timer: NodeJS.Timeout | undefined

  constructor(store: ClickHouseStore, options: ApiKeyStoreOptions = {}) {
    this.#table = new ApiKeyTable(store)
    this.#reloadMs = options.reloadMs ?? 2_000
  }

  static generateKey(): string {
    return `vgl_${randomBytes(32).toString('base64url')}`
  }

  static hash(key: string): string {
    return createHash('sha256').update(key).digest('hex')
  }

  /**
   * Loads the stored keys and starts reloading them. With `configuredKey`
   * (VIGIL_API_KEY) that key is accepted as the default project's admin key.
   * Without it, and with no key stored yet, a key is created and returned —
   * the only time it is ever seen.
   */
  async start(configuredKey?: string): Promise<{ createdKey?: string }> {
    await this.reload()
    this.#timer ??= setInterval(() => void this.reload().catch(() => {}), this.#reloadMs)
    this.#timer.unref()
    if (configuredKey) {
      const hash = ApiKeyStore.hash(configuredKey)
      this.#configured = {
        hash: Buffer.from(hash, 'hex'),
        principal: principal(DEFAULT_PROJECT, CONFIGURED_KEY_ID, SCOPES),
      }
      return {}
    }
    if (this.#byHash.size > 0) return {}
    const createdKey = ApiKeyStore.generateKey()
    await this.create(createdKey, {
      projectId: DEFAULT_PROJECT,
      name: 'initial admin key',
      scopes: [...SCOPES],
    })
    return { createdKey }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** Creates a random key; the returned `key` is never stored or shown again. */
  async issue(options: {
    projectId: string
    name: string
    scopes: Scope[]
  }): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = ApiKeyStore.generateKey()
    const createdAt = new Date()
    const id = await this.create(key, options, createdAt)
    return { key, record: { id, ...options, createdAt: createdAt.toISOString(), revokedAt: null } }
  }

  /** Stores a key chosen by the caller (tests, and the key created at first start). Returns its id. */
  async create(
    key: string,
    options: { projectId: string; name: string; scopes: Scope[] },
    createdAt = new Date(),
  ): Promise<string> {
    const hash = ApiKeyStore.hash(key)
    // Random, not derived from the hash: listings must reveal nothing about the secret.
    const keyId = randomBytes(8).toString('hex')
    await this.#table.insert({
      project_id: options.projectId,
      key_id: keyId,
      key_hash: hash,
      name: options.name,
      scopes: options.scopes,
      created_ms: createdAt.getTime(),
      revoked_ms: null,
      version: createdAt.getTime(),
    })
    this.#generation++
    this.#byHash.set(hash, {
      hash: Buffer.from(hash, 'hex'),
      principal: principal(options.projectId, keyId, options.scopes),
    })
    return keyId
  }

  /** The keys of one project, revoked ones included, oldest first. */
  async list(projectId: string): Promise<ApiKeyRecord[]> {
    return (await this.#table.rows(projectId)).map(recordOf)
  }

  /** One key of one project; undefined for a key of another project, as for an unknown one. */
  async find(projectId: string, keyId: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.#table.rows(projectId, keyId)
    return row && recordOf(row)
  }

  /**
   * Revokes a key of `projectId`: refused here at once, on other collectors at
   * their next reload. Undefined when the project has no such key.
   * `revokedNow` is false when it was revoked before (nothing is changed).
   */
  async revoke(
    projectId: string,
    keyId: string,
  ): Promise<{ record: ApiKeyRecord; revokedNow: boolean } | undefined> {
    const [row] = await this.#table.rows(projectId, keyId)
    if (!row) return undefined
    if (row.revoked_ms !== null) return { record: recordOf(row), revokedNow: false }
    const now = Date.now()
    // The newest version wins in the ReplacingMergeTree; never below the row it replaces.
    const revoked = { ...row, revoked_ms: now, version: Math.max(now, Number(row.version) + 1) }
    await this.#table.insert(revoked)
    this.#generation++
    this.#byHash.delete(row.key_hash)
    return { record: recordOf(revoked), revokedNow: true }
  }

  /** Admin keys of the project still in force, the configured key included. */
  async activeAdminKeys(projectId: string): Promise<number> {
    const stored = (await this.#table.rows(projectId)).filter(
      (row) => row.revoked_ms === null && row.scopes.includes('admin'),
    ).length
    return stored + (this.#configured?.principal.projectId === projectId ? 1 : 0)
  }

  /** Projects that have keys: every project, including those from before the project registry. */
  async projectIds(): Promise<string[]> {
    return this.#table.projectIds()
  }

  async reload(): Promise<void> {
    const generation = this.#generation
    const rows = await this.#table.activeKeys()
    // A key created or revoked here while the query ran: the next reload will include it.
    if (generation !== this.#generation) return
    const next = new Map<string, Entry>()
    for (const row of rows) {
      next.set(row.key_hash, {
        hash: Buffer.from(row.key_hash, 'hex'),
        principal: principal(row.project_id, row.key_id, row.scopes),
      })
    }
    this.#byHash = next
  }

  verify(key: string): Principal | undefined {
    const hash = ApiKeyStore.hash(key)
    const presented = Buffer.from(hash, 'hex')
    const entry = this.#byHash.get(hash) ?? this.#configured
    // The map is keyed by the hash, which a caller cannot steer byte by byte, so
    // its lookup leaks nothing useful; the final comparison is constant-time
    // anyway, so that guarantee does not rest on the argument.
    if (!entry || entry.hash.length !== presented.length) return undefined
    return timingSafeEqual(entry.hash, presented) ? entry.principal : undefined
  }
}
