import { z } from 'zod'
import { AlertStateStore, type StoredAlertState } from '../storage/alert-state-store.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { DefinitionStore } from '../storage/definition-store.js'
import { type AlertRule, alertRuleInput } from './alert-rule.js'
import { type AlertStep, type AlertTransition, advanceAlert } from './alert-state-machine.js'
import type { AlertNotification, Notifier } from './notification.js'
import { acknowledge } from './owed-notifications.js'
import { measureRule } from './rule-measurement.js'

/**
 * Evaluates every enabled rule of every project on a schedule: measures it,
 * steps its state machine, stores the transitions, hands the notifications
 * owed to the notifier and stores the new states.
 *
 * One evaluator per ClickHouse. Several collectors may share one database,
 * and each evaluating would notify every transition once per collector with
 * different keys (their clocks differ). So `enabled` (VIGIL_ALERTS_EVALUATOR)
 * must be on in exactly one instance and off in the others. There is no lease
 * in ClickHouse because it cannot be made safe there: without compare-and-set,
 * two instances that both find the lease free both write a claim, and each may
 * read back its own until its next check, so both evaluate for up to a renewal
 * period (longer with replication lag) — double notifications in exactly the
 * failover moments a lease is for. A flag the operator sets is honest about
 * who evaluates.
 *
 * Order within a tick: transitions are stored first (a notification names its
 * `alert_events` row), then notifications are handed over, then states are
 * stored with what the notifier answered. A crash or a failed write in
 * between makes the next tick start again from the old state; it derives the
 * same transition ids and idempotency keys (alert-state-machine.ts), so the
 * repeated history rows read once and receivers drop repeated notifications.
 * Delivery is therefore at least once.
 */

export interface AlertEvaluatorOptions {
  store: ClickHouseStore
  notifier: Notifier
  /** Whether this instance evaluates; exactly one collector per ClickHouse should (see above). */
  enabled: boolean
  /** Time between the starts of two ticks. Default 30 s. */
  intervalMs?: number | undefined
  /** Rules measured at once within a tick. Default 4: each measurement is one or two ClickHouse queries. */
  concurrency?: number | undefined
  /** A measurement still running after this is an `error` (the tick goes on; the query is left to finish). Default 60 s. */
  measureTimeoutMs?: number | undefined
  /** The clock; tests control it. */
  now?: (() => Date) | undefined
  /** Failures that are not a rule's state: a definition that no longer parses, a failed write, a failed tick. */
  onError?: ((error: unknown, context: EvaluationFailureContext) => void) | undefined
}

export interface EvaluationFailureContext {
  stage: 'tick' | 'rule' | 'notify'
  projectId?: string
  ruleId?: string
  /** What happens next, for the log. */
  message: string
}

export interface TickReport {
  evaluatedAt: string
  /** The states after this tick, of the rules it evaluated. */
  states: StoredAlertState[]
  transitions: AlertTransition[]
  notifications: { notification: AlertNotification; answer: 'queued' | 'silenced' | 'failed' }[]
  /** Rules that could not be evaluated at all (their state is unchanged). A failed query is not here: it is state `error`. */
  failures: { projectId: string; ruleId: string; error: string }[]
}

type ResolvedOptions = { [K in keyof AlertEvaluatorOptions]-?: NonNullable<AlertEvaluatorOptions[K]> }

/** A stored rule that no longer parses is reported, not evaluated, and does not stop the others. */
type RuleDefinition = { rule: Omit<AlertRule, 'id' | 'source'> } | { invalid: string }

function parseRuleDefinition(value: unknown): RuleDefinition {
  // The store keeps `source` in its own column; a definition written with it still parses.
  const { source: _, ...rest } = (value ?? {}) as Record<string, unknown>
  const parsed = alertRuleInput.safeParse(rest)
  return parsed.success ? { rule: parsed.data } : { invalid: z.prettifyError(parsed.error) }
}

export class AlertEvaluator {
  readonly #options: ResolvedOptions
  readonly #rules: DefinitionStore<RuleDefinition>
  readonly #states: AlertStateStore
  #running: Promise<unknown> = Promise.resolve()
  #timer: NodeJS.Timeout | undefined
  #closed = false

  constructor(options: AlertEvaluatorOptions) {
    this.#options = {
      store: options.store,
      notifier: options.notifier,
      enabled: options.enabled,
      intervalMs: options.intervalMs ?? 30_000,
      concurrency: options.concurrency ?? 4,
      measureTimeoutMs: options.measureTimeoutMs ?? 60_000,
      now: options.now ?? (() => new Date()),
      onError: options.onError ?? (() => {}),
    }
    this.#rules = new DefinitionStore(options.store, 'alert_rules', parseRuleDefinition)
    this.#states = new AlertStateStore(options.store)
  }

  get enabled(): boolean {
    return this.#options.enabled
  }

  /** Starts the schedule (a first tick at once) when enabled; does nothing otherwise. */
  start(): void {
    if (!this.#options.enabled || this.#closed || this.#timer) return
    this.#schedule(0)
  }

  /**
   * Runs one tick now, after the one in progress if any (ticks never
   * overlap), and resolves with what it did. Rejects when this instance is
   * not the evaluator, or when rules or states cannot be read at all.
   */
  evaluateNow(): Promise<TickReport> {
    if (!this.#options.enabled) {
      return Promise.reject(
        new Error(
          'this collector does not evaluate alerts (VIGIL_ALERTS_EVALUATOR=off): ask the one that does',
        ),
      )
    }
    if (this.#closed) return Promise.reject(new Error('the alert evaluator is closed'))
    const tick = this.#running.then(() => this.#tick())
    this.#running = tick.catch(() => {})
    return tick
  }

  /** Stops the schedule and waits for the tick in progress. */
  async close(): Promise<void> {
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#running
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      if (this.#closed) return
      const started = Date.now()
      this.evaluateNow()
        .catch((error) =>
          this.#report(error, {
            stage: 'tick',
            message: 'alert evaluation failed; retrying at the next tick',
          }),
        )
        .finally(() => {
          if (!this.#closed) this.#schedule(Math.max(0, this.#options.intervalMs - (Date.now() - started)))
        })
    }, delayMs)
    this.#timer.unref()
  }

  async #tick(): Promise<TickReport> {
    const now = this.#options.now()
    const report: TickReport = {
      evaluatedAt: now.toISOString(),
      states: [],
      transitions: [],
      notifications: [],
      failures: [],
    }
    const [definitions, stored] = await Promise.all([this.#rules.list(), this.#states.list()])
    const previous = new Map(stored.map((state) => [`${state.projectId}\n${state.ruleId}`, state]))

    const rules: { projectId: string; rule: AlertRule }[] = []
    for (const entry of definitions) {
      if ('invalid' in entry.definition) {
        this.#fail(
          report,
          entry.projectId,
          entry.id,
          new Error(`its stored definition is invalid: ${entry.definition.invalid}`),
          `fix or replace it (PUT /api/v1/alerts/${entry.id}, or the config file)`,
        )
      } else if (entry.definition.rule.enabled) {
        rules.push({
          projectId: entry.projectId,
          rule: { ...entry.definition.rule, id: entry.id, source: entry.source },
        })
      }
    }

    const steps = await mapConcurrently(rules, this.#options.concurrency, async ({ projectId, rule }) => {
      try {
        const outcome = await measureRule(
          this.#options.store,
          projectId,
          rule,
          now,
          this.#options.measureTimeoutMs,
        )
        const step = advanceAlert({
          projectId,
          rule,
          previous: previous.get(`${projectId}\n${rule.id}`),
          outcome,
          now,
        })
        return { projectId, ruleId: rule.id, step }
      } catch (error) {
        this.#fail(report, projectId, rule.id, error, 'its state is unchanged; the next tick tries again')
        return undefined
      }
    })
    const done = steps.filter(
      (step): step is { projectId: string; ruleId: string; step: AlertStep } => !!step,
    )

    report.transitions = done.flatMap(({ step }) => (step.transition ? [step.transition] : []))
    // Without its history rows no notification goes out: they would name events that do not exist.
    await this.#states.appendEvents(report.transitions).catch((error: unknown) => {
      throw new Error('storing alert transitions failed; nothing was notified, the next tick tries again', {
        cause: error,
      })
    })

    for (const entry of done) {
      for (const notification of entry.step.notifications) {
        const answer = await this.#notify(notification)
        report.notifications.push({ notification, answer })
        if (answer !== 'failed') entry.step.record = acknowledge(entry.step.record, notification, answer, now)
      }
    }
    report.states = done.map(({ projectId, ruleId, step }) => ({ projectId, ruleId, ...step.record }))
    await this.#states.writeStates(report.states).catch((error: unknown) => {
      throw new Error(
        'storing alert states failed after notifying; the next tick starts from the previous states and ' +
          'sends any notification again with the same idempotency key',
        { cause: error },
      )
    })
    return report
  }

  async #notify(notification: AlertNotification): Promise<'queued' | 'silenced' | 'failed'> {
    try {
      return await this.#options.notifier.notify(notification)
    } catch (error) {
      // The contract says it never rejects; if it does, a firing stays owed and is offered again next tick.
      this.#report(error, {
        stage: 'notify',
        projectId: notification.projectId,
        ruleId: notification.rule.id,
        message: `the notifier failed on a ${notification.kind} notification; a firing one is offered again at the next tick`,
      })
      return 'failed'
    }
  }

  #fail(report: TickReport, projectId: string, ruleId: string, error: unknown, next: string): void {
    const reason = error instanceof Error ? error.message : String(error)
    report.failures.push({ projectId, ruleId, error: reason })
    this.#report(error, {
      stage: 'rule',
      projectId,
      ruleId,
      message: `alert rule ${projectId}/${ruleId} was not evaluated (${reason}): ${next}`,
    })
  }

  #report(error: unknown, context: EvaluationFailureContext): void {
    try {
      this.#options.onError(error, context)
    } catch {
      // A failing logger must not stop evaluation.
    }
  }
}

/** `fn` over `items`, at most `limit` at a time, results in input order. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return results
}
