/**
 * The readiness scorecard as the API answers it (collector
 * readiness/scorecard-schema.ts; GET /api/v1/readiness and /compare).
 */

export type CriterionStatus = 'pass' | 'fail' | 'insufficient_data'
export type ReadinessVerdict = 'ready' | 'not_ready' | 'insufficient_data'
export type CriteriaSource = 'api' | 'file' | 'default'
export type ReadinessArea = 'business_value' | 'data' | 'delivery' | 'risk' | 'operations'
export type Comparison = '>' | '>=' | '<' | '<='

export interface CriterionResult {
  name: string
  area: ReadinessArea
  kind: 'metric' | 'alerts_defined' | 'alerts_routed'
  metric: string | null
  unit: string
  comparison: Comparison
  threshold: number
  value: number | null
  status: CriterionStatus
  message: string
  data: {
    calls: number | null
    minCalls: number | null
    from: string
    to: string
    filters: Record<string, string>
    rules?: string[]
  }
}

export interface Scorecard {
  useCase: string
  criteriaSource: CriteriaSource
  window: { from: string; to: string; duration: string | null }
  scope: Record<string, string>
  calls: number
  verdict: ReadinessVerdict
  reasons: string[]
  notes: string[]
  counts: { pass: number; fail: number; insufficientData: number }
  areas: {
    area: ReadinessArea
    label: string
    status: CriterionStatus | 'no_criteria'
    criteria: CriterionResult[]
  }[]
}

export type ScopeDimension = 'promptVersion' | 'model' | 'provider' | 'environment' | 'serviceName'

export interface ScorecardComparison {
  useCase: string
  dimension: ScopeDimension
  variants: { value: string; scorecard: Scorecard }[]
}

export interface CriteriaList {
  criteria: { useCase: string; source: 'api' | 'file'; updatedAt: string; updatedBy: string }[]
}
