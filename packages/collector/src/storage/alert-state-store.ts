import type { AlertStateRecord, AlertTransition } from '../alerts/alert-state-machine.js'
import type { AlertState, Severity } from '../alerts/notification.js'
import type { ClickHouseStore } from './clickhouse-store.js'

/**
 * `alert_states` (each rule's current state, one row per rule after FINAL)
 * and `alert_events` (every transition, append-only) of migration 011. The
 * columns hold what dashboards filter on; the rest of a record (its firing
 * episode, what an error interrupted, the forecast) is JSON in `detail`, so
 * the state machine can grow without a migration.
 */

/** A rule's current state, as stored. */
export interface StoredAlertState extends AlertStateRecord {
  projectId: string
  ruleId: string
}

export interface AlertHistoryQuery {
  projectId: string
  /** One rule's transitions; without it, every rule's of the project. */
  ruleId?: string | undefined
  /** Only transitions before this time (paging back). */
  before?: Date | undefined
  limit: number
}

interface StateRow {
  project_id: string
  rule_id: string
  state: string
  severity: string
  since_ms: string | number
  value: number | null
  calls: string | number
  detail: string
  evaluated_ms: string | number
}

interface EventRow {
  project_id: string
  at_ms: string | number
  id: string
  rule_id: string
  rule_name: string
  from_state: string
  to_state: string
  severity: string
  value: number | null
  threshold: number | null
  calls: string | number
  message: string
  detail: string
}

/** The record's fields kept in `detail`. */
type StateDetail = Pick<
  AlertStateRecord,
  'threshold' | 'message' | 'episode' | 'interrupted' | 'forecast' | 'error'
>

// DateTime64 as JSONEachRow parses it without best-effort mode: `2025-06-01 12:00:00.000`.
const dateTime = (iso: string) => iso.replace('T', ' ').replace('Z', '')
const iso = (ms: string | number) => new Date(Number(ms)).toISOString()

export class AlertStateStore {
  readonly #store: ClickHouseStore

  constructor(store: ClickHouseStore) {
    this.#store = store
  }

  async get(projectId: string, ruleId: string): Promise<StoredAlertState | undefined> {
    const [state] = await this.#select('project_id = {projectId:String} AND rule_id = {ruleId:String}', {
      projectId,
      ruleId,
    })
    return state
  }

  /** The states of a project's rules, or (without `projectId`) of every project's: what the evaluator reads. */
  async list(projectId?: string): Promise<StoredAlertState[]> {
    return projectId === undefined
      ? this.#select('1', {})
      : this.#select('project_id = {projectId:String}', { projectId })
  }

  /** Replaces the stored states of these rules (the newest `evaluatedAt` wins). */
  async writeStates(states: readonly StoredAlertState[]): Promise<void> {
    if (states.length === 0) return
    await this.#store.client.insert({
      table: this.#store.table('alert_states'),
      values: states.map((state) => {
        const detail: StateDetail = {
          threshold: state.threshold,
          message: state.message,
          episode: state.episode,
          interrupted: state.interrupted,
          forecast: state.forecast,
          error: state.error,
        }
        return {
          project_id: state.projectId,
          rule_id: state.ruleId,
          state: state.state,
          severity: state.severity,
          since: dateTime(state.since),
          value: state.value,
          calls: state.calls,
          detail: JSON.stringify(detail),
          evaluated_at: dateTime(state.evaluatedAt),
        }
      }),
      format: 'JSONEachRow',
    })
  }

  async appendEvents(events: readonly AlertTransition[]): Promise<void> {
    if (events.length === 0) return
    await this.#store.client.insert({
      table: this.#store.table('alert_events'),
      values: events.map((event) => ({
        project_id: event.projectId,
        at: dateTime(event.at),
        id: event.id,
        rule_id: event.ruleId,
        rule_name: event.ruleName,
        from_state: event.from,
        to_state: event.to,
        severity: event.severity,
        value: event.value,
        threshold: event.threshold,
        calls: event.calls,
        message: event.message,
        detail: JSON.stringify(event.detail),
      })),
      format: 'JSONEachRow',
    })
  }

  /** Transitions, newest first. */
  async history(query: AlertHistoryQuery): Promise<AlertTransition[]> {
    const conditions = ['project_id = {projectId:String}']
    const params: Record<string, unknown> = { projectId: query.projectId, limit: query.limit }
    if (query.ruleId !== undefined) {
      conditions.push('rule_id = {ruleId:String}')
      params.ruleId = query.ruleId
    }
    if (query.before) {
      conditions.push('at < {before:DateTime64(3)}')
      params.before = query.before.getTime() / 1000
    }
    // An evaluator that stored a transition and then failed before storing the
    // state stores it again on its next tick, with the same id: read it once.
    const result = await this.#store.client.query({
      query: `SELECT project_id, toUnixTimestamp64Milli(at) AS at_ms, id, rule_id, rule_name, from_state, to_state,
          severity, value, threshold, calls, message, detail
        FROM ${this.#store.table('alert_events')}
        WHERE ${conditions.join(' AND ')}
        ORDER BY at DESC, id DESC
        LIMIT 1 BY id
        LIMIT {limit:UInt32}`,
      query_params: params,
      format: 'JSONEachRow',
    })
    return (await result.json<EventRow>()).map((row) => ({
      id: row.id,
      projectId: row.project_id,
      ruleId: row.rule_id,
      ruleName: row.rule_name,
      at: iso(row.at_ms),
      from: row.from_state as AlertState,
      to: row.to_state as AlertState,
      severity: row.severity as Severity,
      value: row.value,
      threshold: row.threshold,
      calls: Number(row.calls),
      message: row.message,
      detail: parseObject(row.detail),
    }))
  }

  async #select(where: string, params: Record<string, unknown>): Promise<StoredAlertState[]> {
    const result = await this.#store.client.query({
      query: `SELECT project_id, rule_id, state, severity, toUnixTimestamp64Milli(since) AS since_ms, value, calls,
          detail, toUnixTimestamp64Milli(evaluated_at) AS evaluated_ms
        FROM ${this.#store.table('alert_states')} FINAL
        WHERE ${where}
        ORDER BY project_id, rule_id`,
      query_params: params,
      format: 'JSONEachRow',
    })
    return (await result.json<StateRow>()).map((row) => {
      const detail = parseObject(row.detail) as Partial<StateDetail>
      return {
        projectId: row.project_id,
        ruleId: row.rule_id,
        state: row.state as AlertState,
        severity: row.severity as Severity,
        since: iso(row.since_ms),
        value: row.value,
        calls: Number(row.calls),
        threshold: detail.threshold ?? null,
        message: detail.message ?? '',
        evaluatedAt: iso(row.evaluated_ms),
        episode: detail.episode,
        interrupted: detail.interrupted,
        forecast: detail.forecast,
        error: detail.error,
      }
    })
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    // Written by this class as JSON; a row that is not stays readable by its columns.
    return {}
  }
}
