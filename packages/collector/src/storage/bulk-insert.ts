import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ClickHouseClient } from '@clickhouse/client'
import { encodeNativeBlock, NativeBuffer, type NativeColumn, nativeColumn } from './native-format.js'

/**
 * Settings of every bulk insert. The writer drops repeated rows before
 * inserting, so ReplacingMergeTree has nothing to collapse inside a block;
 * `optimize_on_insert` would still sort-merge every block looking for it
 * (measured: +85 ms per 10,000 `calls` rows on chDB, a third of the insert).
 */
export const bulkInsertSettings = { optimize_on_insert: 0 } as const

/** Inserts many rows of one shape into a table: the writer's hot path. */
export type BulkInsert = (table: string, rows: readonly object[]) => Promise<void>

/** For a ClickHouse server: JSONEachRow over HTTP, parsed by the server's cores. */
export function jsonBulkInsert(client: ClickHouseClient): BulkInsert {
  return async (table, rows) => {
    await client.insert({
      table,
      values: rows as object[],
      format: 'JSONEachRow',
      clickhouse_settings: bulkInsertSettings,
    })
  }
}

interface DescribedColumn {
  name: string
  type: string
  default_type: string
}

/**
 * For the embedded engine: rows encoded as one Native block, written to a
 * staging file in the data directory and inserted with `INSERT … SELECT FROM
 * file()`. chDB parses text formats on the insert path several times slower
 * than a server does (JSONEachRow of a `calls` row ≈ 40 µs), and the
 * connection only passes text; a file is how binary data reaches it. The file
 * is read at once and removed; it never needs to survive a crash (the insert
 * that reads it is what the caller awaits), so stale ones are cleared at open.
 */
export function nativeFileBulkInsert(client: ClickHouseClient, dataDir: string): BulkInsert {
  const staging = join(dataDir, 'staging')
  mkdirSync(staging, { recursive: true })
  for (const name of readdirSync(staging)) rmSync(join(staging, name), { force: true })
  const columnsByTable = new Map<string, Promise<NativeColumn[]>>()
  let sequence = 0

  const describe = (table: string): Promise<NativeColumn[]> => {
    let columns = columnsByTable.get(table)
    if (!columns) {
      columns = client
        .query({ query: `DESCRIBE TABLE ${table}`, format: 'JSONEachRow' })
        .then((result) => result.json<DescribedColumn>())
        .then((described) =>
          described
            // MATERIALIZED/ALIAS/EPHEMERAL columns cannot be inserted.
            .filter((c) => c.default_type === '' || c.default_type === 'DEFAULT')
            .map((c) => nativeColumn(c.name, c.type)),
        )
      columns.catch(() => columnsByTable.delete(table))
      columnsByTable.set(table, columns)
    }
    return columns
  }

  return async (table, rows) => {
    if (rows.length === 0) return
    const first = rows[0] as Record<string, unknown>
    // A column the rows do not carry is left to its DEFAULT (e.g. ingested_at),
    // as a key missing from JSONEachRow would be.
    const columns = (await describe(table)).filter((c) => c.name in first)
    const block = new NativeBuffer(Math.max(1 << 16, rows.length * 512))
    encodeNativeBlock(block, columns, rows as readonly Record<string, unknown>[])
    const file = join(staging, `${process.pid}-${++sequence}.native`)
    await writeFile(file, block.bytes())
    try {
      await client.command({
        query: `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) SELECT * FROM file({file:String}, 'Native', {structure:String})`,
        query_params: { file, structure: columns.map((c) => `${c.name} ${c.fileType}`).join(', ') },
        clickhouse_settings: bulkInsertSettings,
      })
    } finally {
      await rm(file, { force: true })
    }
  }
}
