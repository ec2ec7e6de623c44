import { useLinkHandler } from '../../app/router.js'
import { DataTable } from '../../ui/DataTable.js'
import { numeric } from '../../ui/TableHead.js'
import { TimeAgo } from '../../ui/TimeAgo.js'
import type { AlertRule, Silence } from './alert-types.js'
import { describeCondition, filterList, formatMeasured, formatThreshold } from './rule-summary.js'
import { StateBadge } from './StateBadge.js'
import { mutingSilence } from './silence-match.js'

const stateOrder: Record<string, number> = { firing: 0, error: 1, pending: 2, no_data: 3, resolved: 4, ok: 5 }

/** Firing rules first, then the ones that need a look, then the quiet ones; by name within each. */
export function sortRules(rules: readonly AlertRule[]): AlertRule[] {
  const rank = (rule: AlertRule) => (rule.enabled ? (stateOrder[rule.status?.state ?? ''] ?? 6) : 7)
  return [...rules].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
}

/** The rules with their state, condition, last value, and where they come from. */
export function RulesTable({ rules, silences }: { rules: AlertRule[]; silences: Silence[] }) {
  const onLink = useLinkHandler()
  return (
    <DataTable
      columns={[
        'State',
        'Rule',
        'Severity',
        'Condition',
        numeric('Current value'),
        'Since',
        'Channels',
        'Source',
      ]}
      className="rules-table"
    >
      {sortRules(rules).map((rule) => {
        const status = rule.status
        const muted = mutingSilence(silences, rule)
        return (
          <tr key={rule.id} data-testid="alert-row" className={`rule-row state-${status?.state ?? 'none'}`}>
            <td>
              <StateBadge status={status} />
            </td>
            <td>
              <a href={`/alerts/${encodeURIComponent(rule.id)}`} onClick={onLink} className="rule-name">
                {rule.name}
              </a>
              {!rule.enabled ? <span className="badge disabled">disabled</span> : null}
              {muted ? (
                <span className="badge muted-badge" title={`Silenced: ${muted.comment}`}>
                  silenced until {new Date(muted.endsAt).toLocaleTimeString()}
                </span>
              ) : null}
              {filterList(rule.filters).length > 0 ? (
                <div className="chips">
                  {filterList(rule.filters).map((filter) => (
                    <span key={filter} className="chip">
                      {filter}
                    </span>
                  ))}
                </div>
              ) : null}
            </td>
            <td>
              {status && status.severity !== 'none' ? (
                <span className={`badge ${status.severity}`}>{status.severity}</span>
              ) : (
                <span className="muted">–</span>
              )}
            </td>
            <td>{describeCondition(rule)}</td>
            <td className="num">
              {formatMeasured(rule.metric, status?.value)}
              {status?.threshold !== null && status?.threshold !== undefined ? (
                <div className="muted small">vs {formatThreshold(rule.metric, status.threshold)}</div>
              ) : null}
            </td>
            <td>{status ? <TimeAgo at={status.since} /> : '–'}</td>
            <td>
              {rule.channels.length > 0 ? rule.channels.join(', ') : <span className="muted">none</span>}
            </td>
            <td>
              {rule.source === 'file' ? (
                <span title="Defined in vigil.config.*: read-only here, change it in the file">
                  file (read-only)
                </span>
              ) : (
                'api'
              )}
            </td>
          </tr>
        )
      })}
    </DataTable>
  )
}
