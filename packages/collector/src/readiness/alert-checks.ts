import type { AlertCoverage } from './alert-coverage.js'
import type { ReadinessCriteria } from './readiness-criteria.js'
import type { CriterionResult } from './scorecard-schema.js'

/**
 * The operations checks that are not metrics, judged from the use case's
 * alert coverage: an enabled rule covers it (`alerts defined`), and such a
 * rule sends to a channel that exists (`alerts routed`). Each is a criterion
 * "at least 1 rule", so it reads like the others; it is never short of data.
 */
export function alertChecks(
  operations: ReadinessCriteria['operations'],
  alerts: AlertCoverage,
  window: { from: string; to: string; filters: Record<string, string> },
): CriterionResult[] {
  const check = (
    kind: 'alerts_defined' | 'alerts_routed',
    name: string,
    rules: string[],
    message: string,
  ): CriterionResult => ({
    name,
    area: 'operations',
    kind,
    metric: null,
    unit: 'count',
    comparison: '>=',
    threshold: 1,
    value: rules.length,
    status: rules.length >= 1 ? 'pass' : 'fail',
    message,
    data: { calls: null, minCalls: null, ...window, rules },
  })
  const listed = (ids: string[]) => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`
  const out: CriterionResult[] = []
  const { rules, routed } = alerts
  if (operations.alertsDefined) {
    out.push(
      check(
        'alerts_defined',
        'alerts defined',
        rules,
        rules.length > 0
          ? `${rules.length} enabled alert rule${rules.length === 1 ? '' : 's'} cover${rules.length === 1 ? 's' : ''} it (${listed(rules)})`
          : 'no enabled alert rule covers this use case: add one whose filters name it, or no use case',
      ),
    )
  }
  if (operations.alertsRouted) {
    out.push(
      check(
        'alerts_routed',
        'alerts routed',
        routed,
        routed.length > 0
          ? `${routed.length} of ${rules.length} covering rules send to a channel (${listed(routed)})`
          : rules.length > 0
            ? `none of the ${rules.length} covering rules sends to an existing channel: give one a channel (/api/v1/alert-channels)`
            : 'no alert rule covers this use case, so nobody would be notified',
      ),
    )
  }
  return out
}
