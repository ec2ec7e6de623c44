import type { ReactNode } from 'react'
import { formatTime } from '../../ui/format.js'
import type { AlertRule } from './alert-types.js'
import { metricLabel } from './metric-options.js'
import { comparisonSymbol, filterList, formatThreshold } from './rule-summary.js'

/** The rule as defined: every field, in the words of the form. */
export function RuleDefinition({ rule }: { rule: AlertRule }) {
  const filters = filterList(rule.filters)
  const labels = Object.entries(rule.labels)
  const rows: [string, ReactNode][] = [
    [
      'Metric',
      <>
        {metricLabel(rule.metric)} <code>{rule.metric}</code>
      </>,
    ],
    ['Filters', filters.length > 0 ? filters.join(', ') : 'all calls'],
    ['Fires when', `${comparisonSymbol(rule.comparison)} ${formatThreshold(rule.metric, rule.threshold)}`],
    [
      'Warning level',
      rule.warningThreshold !== undefined ? formatThreshold(rule.metric, rule.warningThreshold) : 'none',
    ],
    ['Window', rule.budget ? `since the start of the ${rule.budget.period} (UTC budget)` : rule.window],
    ['For', rule.for === '0' ? 'fires at once' : rule.for],
    ['Minimum calls', String(rule.minCalls)],
    [
      'When data is missing',
      {
        no_data: 'shows “no data”',
        ok: 'treated as ok',
        firing: 'treated as firing',
        keep: 'keeps its state',
      }[rule.noData],
    ],
    ['Channels', rule.channels.length > 0 ? rule.channels.join(', ') : 'none: nobody is notified'],
    ['Repeat', `every ${rule.repeatInterval} while firing`],
    ['Labels', labels.length > 0 ? labels.map(([name, value]) => `${name}=${value}`).join(', ') : 'none'],
    ['Source', rule.source === 'file' ? 'vigil.config.* (read-only here)' : 'API'],
    ['Changed', `${formatTime(rule.updatedAt)} by ${rule.updatedBy}`],
  ]
  return (
    <dl className="definition-list">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {rule.description ? (
        <div>
          <dt>Description</dt>
          <dd className="pre-line">{rule.description}</dd>
        </div>
      ) : null}
    </dl>
  )
}
