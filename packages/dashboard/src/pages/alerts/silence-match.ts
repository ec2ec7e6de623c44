import type { AlertRuleBody, Silence, SilenceMatcher } from './alert-types.js'

/**
 * Which active silence mutes a rule, as the collector decides it
 * (alerts/silence.ts there): the rule id must match when the silence names
 * one, and every matcher must hold on the rule's labels, filters, `ruleId`,
 * `ruleName` and `metric`; a missing label reads as "". The list shows it so
 * a quiet firing rule is not mistaken for a broken channel.
 */

type Subject = Pick<AlertRuleBody, 'name' | 'metric' | 'filters' | 'labels'> & { id: string }

export function subjectLabels(rule: Subject): Record<string, string> {
  const labels: Record<string, string> = { ...rule.labels }
  for (const [name, value] of Object.entries(rule.filters)) if (value !== undefined) labels[name] = value
  labels.ruleId = rule.id
  labels.ruleName = rule.name
  labels.metric = rule.metric
  return labels
}

export function silenceMatches(silence: Pick<Silence, 'ruleId' | 'matchers'>, rule: Subject): boolean {
  if (silence.ruleId !== undefined && silence.ruleId !== rule.id) return false
  const labels = subjectLabels(rule)
  return silence.matchers.every((matcher) => matches(matcher, labels[matcher.name] ?? ''))
}

/** The active silence muting `rule`, if any. */
export function mutingSilence(silences: readonly Silence[], rule: Subject): Silence | undefined {
  return silences.find((silence) => silence.state === 'active' && silenceMatches(silence, rule))
}

function matches(matcher: SilenceMatcher, value: string): boolean {
  switch (matcher.operator) {
    case '=':
      return value === matcher.value
    case '!=':
      return value !== matcher.value
    case '=~':
    case '!~': {
      let found: boolean
      try {
        found = new RegExp(`^(?:${matcher.value})$`).test(value)
      } catch {
        return false
      }
      return matcher.operator === '=~' ? found : !found
    }
  }
}

/** How a silence reads in a list: "rule Triage errors" or "team=support, model=~gpt-.*". */
export function describeSilenceScope(
  silence: Pick<Silence, 'ruleId' | 'matchers'>,
  ruleNames: Map<string, string>,
) {
  const parts: string[] = []
  if (silence.ruleId !== undefined) parts.push(`rule “${ruleNames.get(silence.ruleId) ?? silence.ruleId}”`)
  for (const matcher of silence.matchers) parts.push(`${matcher.name}${matcher.operator}${matcher.value}`)
  return parts.join(', ')
}
