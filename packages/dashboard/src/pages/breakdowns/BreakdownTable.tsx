import type { CSSProperties } from 'react'
import { useLinkHandler } from '../../app/router.js'
import { useUrlState } from '../../state/url-state.js'
import type { BreakdownRow } from '../overview/metric-summary.js'
import { type BreakdownDimension, breakdownColumns, type Sort } from './breakdown-columns.js'

export interface BreakdownTableProps {
  rows: BreakdownRow[]
  dimension: BreakdownDimension
  sort: Sort
  onSort(metric: string): void
}

/**
 * One row per value of the dimension, sorted by the API; a header click
 * sorts by that column. Each value links to the overview filtered by it.
 * The cost cell carries a bar of its share of the cost shown, so where the
 * money goes reads at a glance.
 */
export function BreakdownTable({ rows, dimension, sort, onSort }: BreakdownTableProps) {
  const url = useUrlState()
  const onLink = useLinkHandler()
  const totalCost = rows.reduce((sum, row) => sum + row.costUsd, 0)
  const sortedBy = breakdownColumns.find((column) => column.metric === sort.metric)

  return (
    <div className="table-scroll">
      <table className="breakdown-table">
        <caption className="visually-hidden">
          Cost and quality by {dimension.label.toLowerCase()}, sorted by {sortedBy?.label.toLowerCase()},{' '}
          {sort.order === 'desc' ? 'largest first' : 'smallest first'}
        </caption>
        <thead>
          <tr>
            <th scope="col">{dimension.label}</th>
            {breakdownColumns.map((column) => {
              const active = column.metric === sort.metric
              return (
                <th
                  key={column.metric}
                  scope="col"
                  className="num"
                  aria-sort={active ? (sort.order === 'desc' ? 'descending' : 'ascending') : undefined}
                >
                  <button
                    type="button"
                    className={`sort-button${active ? ' active' : ''}`}
                    onClick={() => onSort(column.metric)}
                    title={`${column.description}. Click to sort.`}
                  >
                    {column.label}
                    <span className="sort-arrow" aria-hidden="true">
                      {active ? (sort.order === 'desc' ? '▼' : '▲') : '↕'}
                    </span>
                  </button>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const unpriced = row.calls > 0 && row.costUnknownCalls === row.calls
            const share = totalCost > 0 ? (row.costUsd / totalCost) * 100 : 0
            return (
              <tr key={row.value} data-testid="breakdown-row">
                <th scope="row" className="breakdown-value">
                  {row.value === '' ? (
                    <span className="muted" title="Calls that did not set this dimension">
                      (not set)
                    </span>
                  ) : (
                    <a
                      href={url.linkTo('/', { [dimension.filter]: row.value })}
                      onClick={onLink}
                      title={`Overview of ${dimension.label.toLowerCase()} ${row.value}`}
                    >
                      {row.value}
                    </a>
                  )}
                </th>
                {breakdownColumns.map((column) =>
                  column.metric === 'costUsd' ? (
                    <td key={column.metric} className="num cost-cell">
                      {unpriced ? (
                        <a href="#unknown-prices" className="badge warning" title="This model has no price">
                          no price
                        </a>
                      ) : (
                        <>
                          <span
                            className="share-bar"
                            title={`${share.toFixed(0)} % of the cost shown`}
                            style={{ '--share': `${share.toFixed(1)}%` } as CSSProperties}
                          />
                          {column.format(column.value(row))}
                        </>
                      )}
                    </td>
                  ) : (
                    <td key={column.metric} className="num">
                      {column.format(column.value(row))}
                    </td>
                  ),
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
