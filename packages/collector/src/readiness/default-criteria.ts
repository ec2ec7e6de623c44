import {
  type ReadinessCriteria,
  type ReadinessCriteriaInput,
  readinessCriteriaInput,
} from './readiness-criteria.js'

/**
 * What a use case is judged by until its team declares criteria: one or two
 * generic bars per area, so that a first `vigil gate` already shows the
 * whole scorecard and where the evidence is missing. The thresholds are
 * deliberately generous (p95 latency 10 s fits most generation); they catch
 * a use case that is broken or unobserved, not one that is merely slow for
 * its purpose. The scorecard says when these are in force (`criteriaSource:
 * "default"`), and declaring any criteria replaces them all.
 */
const defaults: Omit<ReadinessCriteriaInput, 'useCase'> = {
  window: '7d',
  minCalls: 100,
  criteria: [
    // Enough production traffic for the rates below to mean something.
    { metric: 'calls', comparison: '>=', threshold: 100 },
    // A twentieth of the calls seen by a person: the human-feedback bar.
    { metric: 'feedbackCoverage', comparison: '>=', threshold: 0.05 },
    { metric: 'errorRate', comparison: '<=', threshold: 0.01 },
    { metric: 'latencyP95Ms', comparison: '<=', threshold: 10_000 },
    { metric: 'fallbackRate', comparison: '<=', threshold: 0.05 },
    { metric: 'correctionRate', comparison: '<=', threshold: 0.1 },
    { metric: 'escalationRate', comparison: '<=', threshold: 0.1 },
    // Unpriced calls make every cost figure an undercount: monitoring must see them all.
    { metric: 'costCoverage', comparison: '>=', threshold: 0.99 },
  ],
  operations: { alertsDefined: true, alertsRouted: true },
}

export function defaultReadinessCriteria(useCase: string): ReadinessCriteria {
  return readinessCriteriaInput.parse({ ...defaults, useCase })
}
