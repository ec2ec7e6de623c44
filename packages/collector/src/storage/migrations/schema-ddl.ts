/**
 * Where the schema is created: one ClickHouse (embedded chDB or a server), or a
 * cluster. The same migrations produce both, so a single-node schema and a
 * scale-out schema cannot drift apart.
 */
export interface SchemaTarget {
  database: string
  /** A cluster from the servers' `<remote_servers>`; unset for a single node. */
  cluster?: string | undefined
}

/**
 * MergeTree settings of every table the writer fills. Each insert creates a
 * part; without fsync a power cut after the acknowledgement can lose it. With
 * group commit there is about one insert per second per table, so the fsync
 * costs a few milliseconds per batch (measured on chDB: ~4 ms).
 */
export const durableInserts = 'fsync_after_insert = 1, fsync_part_directory = 1'

export type MergeTreeFamily = 'MergeTree' | 'ReplacingMergeTree' | 'AggregatingMergeTree'

export interface TableDefinition {
  /** The name every query uses: the table itself, or on a cluster the Distributed table. */
  name: string
  /** Column definitions, `name Type [DEFAULT …] [CODEC(…)]`. */
  columns: string[]
  /** Skip indexes, `INDEX name expr TYPE … GRANULARITY n`. */
  indexes?: string[]
  engine: MergeTreeFamily
  /** Engine arguments after the replication ones, e.g. the version column of a ReplacingMergeTree. */
  engineArgs?: string
  partitionBy?: string
  orderBy: string
  ttl?: string
  settings?: string
  /**
   * Distributed sharding expression. Rows that must meet (a span and its retry,
   * the spans of one trace) must hash alike, so that ReplacingMergeTree and FINAL,
   * which work per shard, see them together.
   */
  shardingKey: string
}

/**
 * Builds DDL for a {@link SchemaTarget}. On a single node a table is one
 * MergeTree-family table. On a cluster it is a `Replicated*` table named
 * `<name>_local` on every node (`ON CLUSTER`, paths by the `{shard}` and
 * `{replica}` macros) and a Distributed table under the plain name, through
 * which every write and read goes.
 */
export class SchemaDdl {
  readonly database: string
  readonly cluster: string | undefined

  constructor(target: SchemaTarget) {
    this.database = target.database
    this.cluster = target.cluster
  }

  /** ` ON CLUSTER 'name'`, or nothing on a single node. */
  get onCluster(): string {
    return this.cluster ? ` ON CLUSTER '${this.cluster}'` : ''
  }

  /** The name queries use (the Distributed table on a cluster). */
  table(name: string): string {
    return `${this.database}.${name}`
  }

  /** The table that stores the rows: where skip indexes, settings and materialized views belong. */
  storageTable(name: string): string {
    return this.cluster ? `${this.database}.${name}_local` : this.table(name)
  }

  createDatabase(): string {
    return `CREATE DATABASE IF NOT EXISTS ${this.database}${this.onCluster}`
  }

  createTable(definition: TableDefinition): string[] {
    const body = [...definition.columns, ...(definition.indexes ?? [])].join(',\n  ')
    const clauses = [
      `ENGINE = ${this.#engine(definition)}`,
      definition.partitionBy && `PARTITION BY ${definition.partitionBy}`,
      `ORDER BY ${definition.orderBy}`,
      definition.ttl && `TTL ${definition.ttl}`,
      definition.settings && `SETTINGS ${definition.settings}`,
    ].filter(Boolean)
    const storage = `CREATE TABLE IF NOT EXISTS ${this.storageTable(definition.name)}${this.onCluster} (\n  ${body}\n)\n${clauses.join('\n')}`
    if (!this.cluster) return [storage]
    return [storage, this.#distributed(definition.name, definition.shardingKey)]
  }

  /** Adds columns to the stored table and, on a cluster, to the Distributed table over it. */
  addColumns(name: string, columns: string[]): string[] {
    const add = columns.map((column) => `ADD COLUMN IF NOT EXISTS ${column}`).join(',\n  ')
    const tables = this.cluster ? [this.storageTable(name), this.table(name)] : [this.table(name)]
    return tables.map((table) => `ALTER TABLE ${table}${this.onCluster}\n  ${add}`)
  }

  /** Changes only the stored table: skip indexes, codecs, MergeTree settings. */
  alterStorage(name: string, clauses: string[]): string {
    return `ALTER TABLE ${this.storageTable(name)}${this.onCluster}\n  ${clauses.join(',\n  ')}`
  }

  /**
   * A materialized view from one stored table into another. On a cluster it
   * lives on every node and fires on the local insert the Distributed table
   * forwards, so each shard rolls up exactly the rows it stores.
   */
  createMaterializedView(view: {
    name: string
    from: string
    to: string
    select: (from: string) => string
  }): string {
    return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${this.table(view.name)}${this.onCluster} TO ${this.storageTable(view.to)}\nAS ${view.select(this.storageTable(view.from))}`
  }

  #engine(definition: TableDefinition): string {
    const args = definition.engineArgs ?? ''
    if (!this.cluster) return `${definition.engine}${args ? `(${args})` : ''}`
    // One Keeper path per shard and table; replicas of a shard share it.
    const path = `'/clickhouse/tables/{shard}/${this.database}/${definition.name}_local'`
    return `Replicated${definition.engine}(${[path, "'{replica}'", args].filter(Boolean).join(', ')})`
  }

  #distributed(name: string, shardingKey: string): string {
    return `CREATE TABLE IF NOT EXISTS ${this.table(name)}${this.onCluster} AS ${this.storageTable(name)}\nENGINE = Distributed('${this.cluster}', ${this.database}, ${name}_local, ${shardingKey})`
  }
}
