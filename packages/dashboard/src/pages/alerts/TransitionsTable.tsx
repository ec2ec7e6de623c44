import { useLinkHandler } from '../../app/router.js'
import { formatTime } from '../../ui/format.js'
import type { AlertTransition } from './alert-types.js'
import { formatMeasured, formatThreshold } from './rule-summary.js'
import { timeAgo } from './time-ago.js'

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
    <div className="vg-table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            {showRule ? <th scope="col">Rule</th> : null}
            <th scope="col">Change</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col" className="num">
              Threshold
            </th>
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {transitions.map((transition) => {
            const metric = metricOf(transition.ruleId) ?? ''
            return (
              <tr key={transition.id} data-testid="transition-row">
                <td>
                  <time dateTime={transition.at} title={formatTime(transition.at)}>
                    {timeAgo(transition.at)}
                  </time>
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
        </tbody>
      </table>
    </div>
  )
}
