import { useLinkHandler } from '../../app/router.js'
import { DataTable } from '../../ui/DataTable.js'
import { numeric } from '../../ui/TableHead.js'
import { TimeAgo } from '../../ui/TimeAgo.js'
import type { AlertTransition } from './alert-types.js'
import { formatMeasured, formatThreshold } from './rule-summary.js'

/**
 * State changes, newest first, each with what was measured then: the answer
 * to "why did it fire at 3 am" after the fact. `metricOf` gives the unit to
 * write values in (the transitions do not carry the metric).
 */
export function TransitionsTable({
  transitions,
  metricOf,
  showRule = true,
}: {
  transitions: AlertTransition[]
  metricOf: (ruleId: string) => string | undefined
  showRule?: boolean
}) {
  const onLink = useLinkHandler()
  return (
    <DataTable
      columns={[
        'When',
        showRule && 'Rule',
        'Change',
        numeric('Value'),
        numeric('Threshold'),
        numeric('Calls'),
        'Message',
      ]}
    >
      {transitions.map((transition) => {
        const metric = metricOf(transition.ruleId) ?? ''
        return (
          <tr key={transition.id} data-testid="transition-row">
            <td>
              <TimeAgo at={transition.at} />
            </td>
            {showRule ? (
              <td>
                <a href={`/alerts/${encodeURIComponent(transition.ruleId)}`} onClick={onLink}>
                  {transition.ruleName}
                </a>
              </td>
            ) : null}
            <td className="nowrap">
              <span className={`badge ${transition.from}`}>{transition.from}</span> →{' '}
              <span className={`badge ${transition.to}`}>{transition.to}</span>
              {transition.severity !== 'none' ? (
                <span className="muted small"> {transition.severity}</span>
              ) : null}
            </td>
            <td className="num">
              {metric ? formatMeasured(metric, transition.value) : (transition.value ?? '–')}
            </td>
            <td className="num">
              {metric ? formatThreshold(metric, transition.threshold) : (transition.threshold ?? '–')}
            </td>
            <td className="num">{transition.calls.toLocaleString('en')}</td>
            <td className="message-cell">{transition.message}</td>
          </tr>
        )
      })}
    </DataTable>
  )
}
