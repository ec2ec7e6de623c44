import type { ClickHouseStore } from './clickhouse-store.js'

/**
 * `delivered`: the receiver accepted it (2xx; for `log`, written);
 * `retrying`: this attempt failed and another is scheduled; `failed`: given
 * up (a 4xx, attempts or time exhausted, unknown channel, queue full);
 * `silenced`: not sent, a silence covered the rule.
 */
export const deliveryStatuses = ['delivered', 'retrying', 'failed', 'silenced'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]

/** One attempt to deliver one notification to one channel (a row of `alert_deliveries`, migration 011). */
export interface AlertDelivery {
  projectId: string
  /** When the attempt started. */
  at: string
  eventId: string
  ruleId: string
  channel: string
  /** The notification kind (`firing`, `repeat`, `resolved`, `error`), or `test`. */
  kind: string
  /** 1 for the first attempt; 0 for what was never attempted (silenced, queue full). */
  attempt: number
  status: DeliveryStatus
  httpStatus: number | null
  /** Why it failed or was not sent; empty when delivered. */
  error: string
  durationMs: number
}

export interface DeliveryQuery {
  projectId: string
  ruleId?: string | undefined
  eventId?: string | undefined
  channel?: string | undefined
  status?: DeliveryStatus | undefined
  limit: number
}

export interface AlertDeliveryLogOptions {
  /** Where a row goes when storage refuses it (the collector log). */
  onWriteError?: (error: unknown, delivery: AlertDelivery) => void
}

interface Row {
  project_id: string
  at_ms: string | number
  event_id: string
  rule_id: string
  channel: string
  kind: string
  attempt: number
  status: string
  http_status: number | null
  error: string
  duration_ms: number
}

export class AlertDeliveryLog {
  readonly #store: ClickHouseStore
  readonly #onWriteError: (error: unknown, delivery: AlertDelivery) => void

  constructor(store: ClickHouseStore, options: AlertDeliveryLogOptions = {}) {
    this.#store = store
    this.#onWriteError = options.onWriteError ?? (() => {})
  }

  /**
   * Never rejects: a delivery's outcome must not depend on whether its record
   * could be written. One insert per attempt is fine here: deliveries follow
   * alert transitions, a handful a minute, not telemetry rates.
   */
  async record(delivery: AlertDelivery): Promise<void> {
    try {
      await this.#store.client.insert({
        table: this.#store.table('alert_deliveries'),
        values: [
          {
            project_id: delivery.projectId,
            at: new Date(delivery.at).toISOString().replace('T', ' ').replace('Z', ''),
            event_id: delivery.eventId,
            rule_id: delivery.ruleId,
            channel: delivery.channel,
            kind: delivery.kind,
            attempt: delivery.attempt,
            status: delivery.status,
            http_status: delivery.httpStatus,
            error: delivery.error,
            duration_ms: delivery.durationMs,
          },
        ],
        format: 'JSONEachRow',
      })
    } catch (error) {
      this.#onWriteError(error, delivery)
    }
  }

  /** A project's delivery attempts, newest first. */
  async query(query: DeliveryQuery): Promise<AlertDelivery[]> {
    const conditions = ['project_id = {projectId:String}']
    for (const [field, column] of [
      ['ruleId', 'rule_id'],
      ['eventId', 'event_id'],
      ['channel', 'channel'],
      ['status', 'status'],
    ] as const) {
      if (query[field] !== undefined) conditions.push(`${column} = {${field}:String}`)
    }
    const result = await this.#store.client.query({
      query: `SELECT project_id, toUnixTimestamp64Milli(at) AS at_ms, event_id, rule_id, channel, kind, attempt,
          status, http_status, error, duration_ms
        FROM ${this.#store.table('alert_deliveries')}
        WHERE ${conditions.join(' AND ')}
        ORDER BY at DESC, attempt DESC
        LIMIT {limit:UInt32}`,
      query_params: { ...query },
      format: 'JSONEachRow',
    })
    return (await result.json<Row>()).map((row) => ({
      projectId: row.project_id,
      at: new Date(Number(row.at_ms)).toISOString(),
      eventId: row.event_id,
      ruleId: row.rule_id,
      channel: row.channel,
      kind: row.kind,
      attempt: Number(row.attempt),
      status: row.status as DeliveryStatus,
      httpStatus: row.http_status === null ? null : Number(row.http_status),
      error: row.error,
      durationMs: Number(row.duration_ms),
    }))
  }
}
