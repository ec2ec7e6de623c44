import { z } from 'zod'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { DefinitionStore } from '../storage/definition-store.js'

/**
 * Whether someone would be told when a use case breaks: the enabled alert
 * rules that cover it, and which of those send to a channel that exists.
 * The operations area of the readiness scorecard judges these.
 */

export interface AlertCoverage {
  /** Ids of the enabled rules whose filters name the use case or no use case at all. */
  rules: string[]
  /** Of those, the rules that send to at least one channel the project has. */
  routed: string[]
}

// Only what coverage needs, leniently: a rule stored by another version still counts.
const ruleView = z.object({
  enabled: z.boolean().optional(),
  filters: z.object({ useCase: z.string().optional() }).optional(),
  channels: z.array(z.string()).optional(),
})
type RuleView = z.infer<typeof ruleView>

export async function alertCoverage(
  store: ClickHouseStore,
  projectId: string,
  useCase: string,
): Promise<AlertCoverage> {
  const rules = new DefinitionStore<RuleView | null>(
    store,
    'alert_rules',
    (value) => ruleView.safeParse(value).data ?? null,
  )
  // Channels are keyed by name (what rules list); their content does not matter here.
  const channels = new DefinitionStore<null>(store, 'alert_channels', () => null)
  const [ruleList, channelList] = await Promise.all([rules.list(projectId), channels.list(projectId)])
  const channelNames = new Set(channelList.map((channel) => channel.id))
  const covering = ruleList.filter(({ definition }) => {
    if (!definition || definition.enabled === false) return false
    const ruleUseCase = definition.filters?.useCase
    return ruleUseCase === undefined || ruleUseCase === useCase
  })
  return {
    rules: covering.map((rule) => rule.id),
    routed: covering
      .filter(({ definition }) => definition?.channels?.some((name) => channelNames.has(name)))
      .map((rule) => rule.id),
  }
}
