import { api } from '../../api/api-client.js'
import { loadDimensionValues } from '../../state/dimension-values.js'
import { dimensionLabels } from '../../state/dimensions.js'
import { useApi } from '../../state/use-api.js'
import { ErrorBox, Loading } from '../../ui/feedback.js'
import { formatCount } from '../../ui/format.js'
import { SectionCard } from '../../ui/SectionCard.js'
import type { ScopeDimension, ScorecardComparison } from './readiness-types.js'
import { formatRequirement, formatValue, statusText, verdictText } from './readiness-view.js'

export const compareDimensions = (['promptVersion', 'model', 'environment', 'provider'] as const).map(
  (name) => ({ name, label: dimensionLabels[name] }),
)

export interface CompareSelection {
  dimension: Exclude<ScopeDimension, 'serviceName'>
  a: string
  b: string
}

/**
 * Two prompt versions (or models…) judged by the same criteria side by side:
 * the question before switching, answered with the gate's own verdicts.
 */
export function CompareView({
  useCase,
  query,
  selection,
  onChange,
}: {
  useCase: string
  /** Window and scope of the main scorecard. */
  query: Record<string, string | undefined>
  selection: CompareSelection
  onChange(selection: CompareSelection): void
}) {
  const values = useApi(
    () => loadDimensionValues(selection.dimension, { filters: { useCase } }),
    [selection.dimension, useCase],
  )
  const ready = selection.a !== '' && selection.b !== '' && selection.a !== selection.b
  const comparison = useApi(
    () =>
      ready
        ? api.get<ScorecardComparison>('/api/v1/readiness/compare', {
            ...query,
            useCase,
            dimension: selection.dimension,
            values: `${selection.a},${selection.b}`,
            [selection.dimension]: undefined,
          })
        : Promise.resolve(undefined),
    [useCase, JSON.stringify(query), selection.dimension, selection.a, selection.b],
  )
  const options = values.data ?? []
  const label = compareDimensions.find((d) => d.name === selection.dimension)?.label ?? selection.dimension

  return (
    <SectionCard id="compare" title="Compare" note="the same criteria, judged for two values side by side">
      <div className="row compare-controls">
        <label className="field">
          Compare by
          <select
            value={selection.dimension}
            onChange={(event) =>
              onChange({ dimension: event.target.value as CompareSelection['dimension'], a: '', b: '' })
            }
          >
            {compareDimensions.map((dimension) => (
              <option key={dimension.name} value={dimension.name}>
                {dimension.label}
              </option>
            ))}
          </select>
        </label>
        {(['a', 'b'] as const).map((side, i) => (
          <label className="field" key={side}>
            {i === 0 ? 'Baseline' : 'Candidate'}
            <select
              value={selection[side]}
              onChange={(event) => onChange({ ...selection, [side]: event.target.value })}
            >
              <option value="">Choose…</option>
              {options.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {values.data && options.length < 2 ? (
        <p className="muted small">
          This use case has {options.length === 0 ? 'no' : 'one'} {label.toLowerCase()} in the last 30 days:
          there is nothing to compare yet.
        </p>
      ) : null}
      {selection.a !== '' && selection.a === selection.b ? (
        <p className="muted small">Choose two different values.</p>
      ) : null}
      {comparison.error ? (
        <ErrorBox error={comparison.error} retry={comparison.reload} />
      ) : ready && !comparison.data ? (
        <Loading what="the comparison" />
      ) : comparison.data ? (
        <ComparisonTable comparison={comparison.data} />
      ) : null}
    </SectionCard>
  )
}

function ComparisonTable({ comparison }: { comparison: ScorecardComparison }) {
  const [first] = comparison.variants
  if (!first) return null
  return (
    <table className="compare-table">
      <thead>
        <tr>
          <th scope="col">Criterion</th>
          {comparison.variants.map((variant) => (
            <th scope="col" key={variant.value}>
              {variant.value}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr className="verdict-row">
          <th scope="row">Verdict</th>
          {comparison.variants.map((variant) => (
            <td key={variant.value}>
              <span className={`badge ${variant.scorecard.verdict}`} data-testid="compare-verdict">
                {verdictText(variant.scorecard.verdict)}
              </span>{' '}
              <span className="muted small">{formatCount(variant.scorecard.calls)} calls</span>
            </td>
          ))}
        </tr>
        {first.scorecard.areas.flatMap((area) =>
          area.criteria.map((criterion) => (
            <tr key={`${area.area}-${criterion.name}`}>
              <th scope="row">
                {criterion.name}{' '}
                <span className="muted small">
                  {area.label} ·{' '}
                  {formatRequirement(criterion.unit, criterion.comparison, criterion.threshold)}
                </span>
              </th>
              {comparison.variants.map((variant) => {
                const match = variant.scorecard.areas
                  .find((a) => a.area === area.area)
                  ?.criteria.find((c) => c.name === criterion.name)
                return (
                  <td key={variant.value}>
                    {match ? (
                      <>
                        <span className="strong">{formatValue(match.unit, match.value)}</span>{' '}
                        <span className={`badge ${match.status}`}>{statusText(match.status)}</span>
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                )
              })}
            </tr>
          )),
        )}
      </tbody>
    </table>
  )
}
