import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import type { AlertRule } from './alert-rule.js'
import type { EvaluationOutcome } from './alert-state-machine.js'
import { measureBudget } from './budget.js'
import { parseDuration } from './duration.js'
import { measure } from './measure.js'

/**
 * What a rule measures at `now`: its metric over the sliding window ending
 * then, or for a budget the spend since the start of its period with a
 * forecast. A failure of any kind (a query error, a timeout) becomes the
 * outcome `{ error }`, which the state machine turns into state `error`.
 */
export async function measureRule(
  store: ClickHouseStore,
  projectId: string,
  rule: AlertRule,
  now: Date,
  timeoutMs: number,
): Promise<EvaluationOutcome> {
  const { budget } = rule
  const measurement = budget
    ? measureBudget(store, projectId, { ...rule, budget }, now)
    : measure(store, {
        projectId,
        metric: rule.metric,
        filters: rule.filters,
        from: new Date(now.getTime() - (parseDuration(rule.window) ?? 15 * 60_000)),
        to: now,
      })
  let timer: NodeJS.Timeout | undefined
  // A query that hangs must not hold the whole tick (and every other rule) with it.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the measurement took longer than ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return await Promise.race([measurement, timeout])
  } catch (error) {
    // Stored as the rule's `error` and sent in its notification: ClickHouse messages can run long.
    return { error: (error instanceof Error ? error.message : String(error)).slice(0, 500) }
  } finally {
    clearTimeout(timer)
  }
}
