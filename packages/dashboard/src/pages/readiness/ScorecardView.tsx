import { useLinkHandler } from '../../app/router.js'
import { formatCount } from '../../ui/format.js'
import { numeric, TableHead } from '../../ui/TableHead.js'
import { shortTime } from '../../ui/time-ago.js'
import type { CriterionResult, Scorecard } from './readiness-types.js'
import { formatRequirement, formatValue, sourceText, statusText, verdictText } from './readiness-view.js'

/**
 * A scorecard as the gate computes it: the verdict with its reasons, then
 * the five areas, each criterion with what was measured, what it must be,
 * the judgement and the calls behind it.
 */
export function ScorecardView({ card, ruleNames }: { card: Scorecard; ruleNames: Map<string, string> }) {
  return (
    <>
      <VerdictCard card={card} />
      <div className="readiness-areas">
        {card.areas.map((area) => (
          <section key={area.area} className="card readiness-area" aria-labelledby={`area-${area.area}`}>
            <div className="section-header">
              <h2 id={`area-${area.area}`}>{area.label}</h2>
              <span className={`badge ${area.status}`}>{statusText(area.status)}</span>
            </div>
            {area.criteria.length === 0 ? (
              <p className="muted small">
                No criterion in this area. Declare one (PUT /api/v1/readiness/criteria/{card.useCase}, or{' '}
                <code>readiness:</code> in vigil.config.yaml) to judge it.
              </p>
            ) : (
              <table>
                <TableHead
                  columns={[
                    'Criterion',
                    numeric('Measured'),
                    { label: 'Must be', className: 'nowrap' },
                    'Result',
                    numeric('Calls'),
                  ]}
                />
                <tbody>
                  {area.criteria.map((criterion) => (
                    <CriterionRow key={criterion.name} criterion={criterion} ruleNames={ruleNames} />
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}
      </div>
    </>
  )
}

function CriterionRow({
  criterion,
  ruleNames,
}: {
  criterion: CriterionResult
  ruleNames: Map<string, string>
}) {
  const onLink = useLinkHandler()
  const { data } = criterion
  return (
    <tr data-testid="criterion-row" className={`criterion-${criterion.status}`}>
      <td>
        <div className="criterion-name">{criterion.name}</div>
        {criterion.metric && criterion.metric !== criterion.name ? (
          <code className="muted small">{criterion.metric}</code>
        ) : null}
        {criterion.status !== 'pass' ? <div className="muted small">{criterion.message}</div> : null}
        {data.rules && data.rules.length > 0 ? (
          <div className="muted small">
            rules:{' '}
            {data.rules.map((id, i) => (
              <span key={id}>
                {i > 0 ? ', ' : ''}
                <a href={`/alerts/${encodeURIComponent(id)}`} onClick={onLink}>
                  {ruleNames.get(id) ?? id}
                </a>
              </span>
            ))}
          </div>
        ) : null}
      </td>
      <td className="num strong">{formatValue(criterion.unit, criterion.value)}</td>
      <td className="nowrap">
        {formatRequirement(criterion.unit, criterion.comparison, criterion.threshold)}
      </td>
      <td>
        <span className={`badge ${criterion.status}`}>{statusText(criterion.status)}</span>
      </td>
      <td className="num">
        {data.calls === null ? (
          <span className="muted">–</span>
        ) : (
          <span title={data.minCalls ? `At least ${data.minCalls} calls needed to judge` : undefined}>
            {formatCount(data.calls)}
            {data.minCalls ? (
              <span className="muted small"> / {formatCount(data.minCalls)} needed</span>
            ) : null}
          </span>
        )}
      </td>
    </tr>
  )
}

function VerdictCard({ card }: { card: Scorecard }) {
  const scope = Object.entries(card.scope)
  return (
    <section className={`card verdict-card verdict-${card.verdict}`} aria-labelledby="verdict-title">
      <div className="verdict-main">
        <h2 id="verdict-title" className="visually-hidden">
          Verdict
        </h2>
        <div className={`verdict badge ${card.verdict}`}>
          <span aria-hidden="true">
            {card.verdict === 'ready' ? '✓' : card.verdict === 'not_ready' ? '✕' : '?'}
          </span>{' '}
          <span data-testid="readiness-verdict">{verdictText(card.verdict)}</span>
        </div>
        <div className="verdict-facts">
          <span>
            <strong>{card.useCase}</strong>
            {scope.length > 0 ? ` (${scope.map(([name, value]) => `${name}=${value}`).join(', ')})` : ''}
          </span>
          <span>
            {formatCount(card.calls)} calls, {shortTime(card.window.from)} – {shortTime(card.window.to)}
            {card.window.duration ? ` (${card.window.duration})` : ''}
          </span>
          <span>
            <span className="success">{card.counts.pass} pass</span> ·{' '}
            <span className={card.counts.fail > 0 ? 'error' : ''}>{card.counts.fail} fail</span> ·{' '}
            <span>{card.counts.insufficientData} insufficient data</span>
          </span>
          <span className="muted">Judged by {sourceText(card.criteriaSource)}</span>
        </div>
      </div>
      {card.reasons.length > 0 ? (
        <div>
          <h3 className="small-heading">Why</h3>
          <ul className="reasons">
            {card.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {card.notes.length > 0 ? (
        <ul className="notes muted small">
          {card.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
