import { z } from 'zod'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { type ModelPrice, modelPriceSchema, tierSchema } from './model-price.js'

/** One project's override set, as last saved. */
export interface PriceOverrideSet {
  projectId: string
  /** Increases with every save; costs priced with it record `override:<version>`. */
  version: string
  models: Record<string, ModelPrice>
  updatedAt: string
  updatedBy: string
}

/**
 * Stored sets are read leniently: a field added by a newer collector must not
 * make an older one (mid rolling deploy) refuse the project's prices, and so its
 * ingest. Rates are still checked; unknown fields are ignored.
 */
const storedModels = z.record(
  z.string(),
  modelPriceSchema.extend({ tiers: z.array(tierSchema.loose()).optional() }).loose(),
)

interface OverrideRow {
  version: string
  models: string
  updated_by: string
  updated_at: string
}

/** Reads and appends override sets (table `price_overrides`, migration 006); every statement is bound to one project. */
export class PriceOverrideStore {
  readonly #store: ClickHouseStore

  constructor(store: ClickHouseStore) {
    this.#store = store
  }

  async latest(projectId: string): Promise<PriceOverrideSet | undefined> {
    const result = await this.#store.client.query({
      query: `SELECT toString(version) AS version, models, updated_by, toString(updated_at) AS updated_at
        FROM ${this.#store.table('price_overrides')}
        WHERE project_id = {projectId:String}
        ORDER BY version DESC, updated_at DESC
        LIMIT 1`,
      query_params: { projectId },
      format: 'JSONEachRow',
    })
    const [row] = await result.json<OverrideRow>()
    if (!row) return undefined
    return {
      projectId,
      version: row.version,
      models: storedModels.parse(JSON.parse(row.models)) as Record<string, ModelPrice>,
      updatedAt: `${row.updated_at.replace(' ', 'T')}Z`,
      updatedBy: row.updated_by,
    }
  }

  /** Saves a whole set, replacing the previous one for new data. `after` is the version it supersedes. */
  async save(
    projectId: string,
    models: Record<string, ModelPrice>,
    updatedBy: string,
    after?: string,
  ): Promise<PriceOverrideSet> {
    // Milliseconds keep versions readable as times; +1 keeps them strictly
    // increasing when two saves land in the same millisecond.
    const version = String(Math.max(Date.now(), after === undefined ? 0 : Number(after) + 1))
    const updatedAt = new Date()
    await this.#store.client.insert({
      table: this.#store.table('price_overrides'),
      values: [
        {
          project_id: projectId,
          version,
          models: JSON.stringify(models),
          updated_by: updatedBy,
          // DateTime64 text form: 'YYYY-MM-DD hh:mm:ss.sss' (UTC).
          updated_at: updatedAt.toISOString().replace('T', ' ').replace('Z', ''),
        },
      ],
      format: 'JSONEachRow',
    })
    return { projectId, version, models, updatedAt: updatedAt.toISOString(), updatedBy }
  }
}
