import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { DefinitionStore, type StoredDefinition } from '../storage/definition-store.js'
import { type AlertRule, alertRuleInput } from './alert-rule.js'

/** A stored rule's definition: the parsed rule with its id (the source is the row's). */
export type AlertRuleDefinition = Omit<AlertRule, 'source'>

/**
 * The `alert_rules` definitions. What was stored is parsed again on read, so a
 * rule written before a field existed gets that field's default.
 */
export function alertRuleStore(store: ClickHouseStore): DefinitionStore<AlertRuleDefinition> {
  return new DefinitionStore(store, 'alert_rules', (value) => {
    const id = (value as { id?: unknown }).id
    return { ...alertRuleInput.parse(value), id: typeof id === 'string' ? id : '' }
  })
}

/** A stored rule as the evaluator and the API use it. */
export function ruleOf(entry: StoredDefinition<AlertRuleDefinition>): AlertRule {
  return { ...entry.definition, id: entry.id, source: entry.source }
}
