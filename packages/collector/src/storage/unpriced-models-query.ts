import type { ClickHouseStore } from './clickhouse-store.js'

export interface UnpricedModelsFilter {
  projectId: string
  from: Date
  to: Date
  /** Most models returned, those with the most calls first. */
  limit?: number
}

export interface UnpricedModel {
  model: string
  provider: string
  /** Calls in the window whose cost is unknown. */
  calls: number
  /**
   * Of those, calls that reported token usage: their cost is unknown because the
   * model has no price. The others reported no usage, which no price can fix.
   */
  callsWithUsage: number
  /** Start of the latest such call, ISO 8601. */
  lastSeen: string
}

interface Row {
  model: string
  provider: string
  calls: string | number
  calls_with_usage: string | number
  last_seen_ms: string | number
}

/**
 * Models whose calls have no cost in a window: what a price catalog is missing,
 * and where the dashboard must say "unknown" rather than show $0. Reads raw
 * calls with FINAL, so a span stored twice counts once.
 */
export async function queryUnpricedModels(
  store: ClickHouseStore,
  filter: UnpricedModelsFilter,
): Promise<UnpricedModel[]> {
  const result = await store.client.query({
    query: `
      SELECT
        model,
        provider,
        count() AS calls,
        countIf(input_tokens IS NOT NULL OR output_tokens IS NOT NULL) AS calls_with_usage,
        toUnixTimestamp64Milli(max(start_time)) AS last_seen_ms
      FROM ${store.table('calls')} FINAL
      WHERE project_id = {projectId:String}
        AND start_time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
        AND start_time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        AND cost_usd IS NULL
      GROUP BY model, provider
      ORDER BY calls DESC, model, provider
      LIMIT {limit:UInt32}`,
    query_params: {
      projectId: filter.projectId,
      from: filter.from.getTime(),
      to: filter.to.getTime(),
      limit: filter.limit ?? 100,
    },
    format: 'JSONEachRow',
  })
  return (await result.json<Row>()).map((row) => ({
    model: row.model,
    provider: row.provider,
    calls: Number(row.calls),
    callsWithUsage: Number(row.calls_with_usage),
    lastSeen: new Date(Number(row.last_seen_ms)).toISOString(),
  }))
}
