import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import type { PriceCatalog } from './price-catalog.js'
import { rebuildCallRollup } from './rebuild-call-rollup.js'

export interface RecomputeRange {
  projectId: string
  from: Date
  to: Date
}

export interface RecomputeResult {
  /** Stored calls in the range (each counted once, however often it was re-sent). */
  scanned: number
  /** Re-inserted with a new cost or basis. */
  repriced: number
  unchanged: number
  /** Costs the app supplied (`sdk`): authoritative, never re-priced. */
  keptSdk: number
  /**
   * Known costs kept because the model has no price now (dropped from the
   * catalog, override removed): history is never turned into "unknown".
   */
  keptWithoutPrice: number
  /** Still without a price after re-pricing (no price or no usage). */
  unknown: number
  /** Whole minutes holding re-priced calls: the rollup window that was rebuilt. */
  rebuilt: { from: string; to: string } | null
}

export interface RecomputeOptions {
  /** Rows per read and per insert. */
  batchRows?: number
  /**
   * Called once with the minutes holding re-priced calls, after they were
   * re-inserted. Re-inserting fires the materialized views on `calls` again,
   * so a rollup that sums inserts must be rebuilt for these minutes from
   * `calls FINAL`. Defaults to rebuilding `calls_1m`.
   */
  rebuildRollup?: (window: RecomputeRange) => Promise<void>
}

type CallRow = Record<string, unknown> & {
  model: string
  start_time: string
  span_id: string
  cost_usd: number | null
  cost_basis: string
  ingested_at?: string
}

const MINUTE_MS = 60_000

/**
 * Re-prices stored calls of one project and time range with `catalog` (the
 * project's current prices). A changed call is written again as a newer
 * version of the same row: `calls` is a ReplacingMergeTree on
 * (project, start time, span id) versioned by `ingested_at`, so readers using
 * FINAL see only the new cost at once, and merges drop the old row later.
 * Reads page through the range in sort-key order so memory stays bounded.
 */
export async function recomputeCosts(
  store: ClickHouseStore,
  catalog: PriceCatalog,
  range: RecomputeRange,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const batchRows = options.batchRows ?? 5_000
  const result: RecomputeResult = {
    scanned: 0,
    repriced: 0,
    unchanged: 0,
    keptSdk: 0,
    keptWithoutPrice: 0,
    unknown: 0,
    rebuilt: null,
  }
  let first: number | undefined
  let last: number | undefined
  let after: { time: string; span: string } | undefined
  for (;;) {
    const rows = await readPage(store, range, after, batchRows)
    if (rows.length === 0) break
    const changed: CallRow[] = []
    for (const row of rows) {
      result.scanned++
      if (row.cost_basis === 'sdk') {
        result.keptSdk++
        continue
      }
      const priced = catalog.price(row.model, usageOf(row))
      if (priced.costUsd === null && row.cost_usd !== null) {
        result.keptWithoutPrice++
        continue
      }
      if (priced.costUsd === null) result.unknown++
      if (priced.basis === row.cost_basis && sameCost(priced.costUsd, row.cost_usd)) {
        result.unchanged++
        continue
      }
      changed.push({
        ...row,
        cost_usd: priced.costUsd,
        cost_basis: priced.basis,
        ingested_at: newerVersion(row),
      })
      const startMs = Date.parse(`${row.start_time.replace(' ', 'T').slice(0, 23)}Z`)
      first = Math.min(first ?? startMs, startMs)
      last = Math.max(last ?? startMs, startMs)
    }
    if (changed.length > 0) {
      await store.client.insert({ table: store.table('calls'), values: changed, format: 'JSONEachRow' })
      result.repriced += changed.length
    }
    const tail = rows[rows.length - 1] as CallRow
    after = { time: tail.start_time, span: tail.span_id }
    if (rows.length < batchRows) break
  }
  if (first !== undefined && last !== undefined) {
    const window = {
      projectId: range.projectId,
      from: new Date(Math.floor(first / MINUTE_MS) * MINUTE_MS),
      to: new Date(Math.floor(last / MINUTE_MS) * MINUTE_MS + MINUTE_MS),
    }
    await (options.rebuildRollup ?? ((w) => rebuildCallRollup(store, w)))(window)
    result.rebuilt = { from: window.from.toISOString(), to: window.to.toISOString() }
  }
  return result
}

async function readPage(
  store: ClickHouseStore,
  range: RecomputeRange,
  after: { time: string; span: string } | undefined,
  limit: number,
): Promise<CallRow[]> {
  const result = await store.client.query({
    query: `SELECT * FROM ${store.table('calls')} FINAL
      WHERE project_id = {projectId:String}
        AND start_time >= {from:DateTime64(3)} AND start_time < {to:DateTime64(3)}
        ${after ? 'AND (start_time, span_id) > ({afterTime:DateTime64(9)}, {afterSpan:String})' : ''}
      ORDER BY start_time, span_id
      LIMIT {limit:UInt32}`,
    query_params: {
      projectId: range.projectId,
      from: range.from.getTime() / 1000,
      to: range.to.getTime() / 1000,
      afterTime: after?.time,
      afterSpan: after?.span,
      limit,
    },
    format: 'JSONEachRow',
  })
  return result.json<CallRow>()
}

/** Token counts arrive as strings (64-bit integers are quoted in JSON output). */
function usageOf(row: Record<string, unknown>) {
  const count = (value: unknown) => (value === null || value === undefined ? null : Number(value))
  return {
    inputTokens: count(row.input_tokens),
    outputTokens: count(row.output_tokens),
    cacheReadTokens: count(row.cache_read_tokens),
    cacheCreationTokens: count(row.cache_creation_tokens),
    reasoningTokens: count(row.reasoning_tokens),
  }
}

function sameCost(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))
}

/** A version above the stored one even if that collector's clock ran ahead of ours. */
function newerVersion(row: CallRow): string {
  const stored = row.ingested_at ? Date.parse(`${row.ingested_at.replace(' ', 'T')}Z`) : 0
  const next = Math.max(Date.now(), Number.isNaN(stored) ? 0 : stored + 1)
  return new Date(next).toISOString().replace('T', ' ').replace('Z', '')
}
