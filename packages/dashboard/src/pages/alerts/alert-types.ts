import type { BudgetPeriod, Comparison, NoDataBehaviour } from './threshold-preview.js'

/**
 * The shapes of the alerting API's answers, as the collector declares them
 * (packages/collector/src/api/alerts-api.ts, silences-api.ts,
 * alert-channels-api.ts, alert-deliveries-api.ts; all in /openapi.json).
 */

export const alertStates = ['ok', 'pending', 'firing', 'resolved', 'no_data', 'error'] as const
export type AlertState = (typeof alertStates)[number]
export type Severity = 'critical' | 'warning' | 'none'

export const ruleFilterNames = [
  'useCase',
  'model',
  'provider',
  'environment',
  'promptVersion',
  'serviceName',
  'userId',
  'tag',
] as const
export type RuleFilterName = (typeof ruleFilterNames)[number]
export type RuleFilters = Partial<Record<RuleFilterName, string>>

/** The fields of a rule as POST/PUT /api/v1/alerts take them. */
export interface AlertRuleBody {
  id?: string
  name: string
  description?: string
  enabled: boolean
  metric: string
  filters: RuleFilters
  comparison: Comparison
  threshold: number
  warningThreshold?: number
  window: string
  minCalls: number
  noData: NoDataBehaviour
  for: string
  repeatInterval: string
  channels: string[]
  budget?: { period: BudgetPeriod }
  labels: Record<string, string>
}

export interface AlertStatus {
  state: AlertState
  severity: Severity
  since: string
  value: number | null
  calls: number
  threshold: number | null
  message: string
  evaluatedAt: string
  firingSince: string | null
  forecast: { value: number; periodEnd: string } | null
  error: string | null
}

export interface AlertRule extends AlertRuleBody {
  id: string
  source: 'api' | 'file'
  updatedAt: string
  updatedBy: string
  status: AlertStatus | null
}

export interface AlertTransition {
  id: string
  ruleId: string
  ruleName: string
  at: string
  from: AlertState
  to: AlertState
  severity: Severity
  value: number | null
  threshold: number | null
  calls: number
  message: string
}

export type SilenceState = 'active' | 'pending' | 'expired'
export type MatcherOperator = '=' | '!=' | '=~' | '!~'

export interface SilenceMatcher {
  name: string
  value: string
  operator: MatcherOperator
}

export interface Silence {
  id: string
  ruleId?: string
  matchers: SilenceMatcher[]
  startsAt: string
  endsAt: string
  comment: string
  createdBy: string
  createdAt: string
  state: SilenceState
}

export type ChannelType = 'webhook' | 'slack' | 'log'

export interface AlertChannel {
  name: string
  type: ChannelType
  description?: string
  url?: string
  headers?: Record<string, string>
  secret?: string
  source: 'api' | 'file'
  updatedAt: string
  updatedBy: string
}

export interface ChannelTestResult {
  channel: string
  eventId: string
  status: 'delivered' | 'failed'
  httpStatus: number | null
  error: string | null
  durationMs: number
}

export interface AlertDelivery {
  at: string
  eventId: string
  ruleId: string
  channel: string
  kind: string
  attempt: number
  status: 'delivered' | 'retrying' | 'failed' | 'silenced'
  httpStatus: number | null
  error: string | null
  durationMs: number
}
