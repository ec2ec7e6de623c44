import { useState } from 'react'
import { TableHead } from '../../ui/TableHead.js'

/**
 * Every attribute of the span and its resource, folded by default (the facts
 * above already show the ones people look for), with a filter because a
 * call carries dozens.
 */
export function AttributeTable({
  attributes,
  resourceAttributes,
}: {
  attributes: Record<string, string>
  resourceAttributes: Record<string, string>
}) {
  const [filter, setFilter] = useState('')
  const needle = filter.trim().toLowerCase()
  const rows = [
    ...Object.entries(attributes).map(([key, value]) => ({ key, value, scope: 'span' })),
    ...Object.entries(resourceAttributes).map(([key, value]) => ({ key, value, scope: 'resource' })),
  ]
    .filter(
      (row) => !needle || row.key.toLowerCase().includes(needle) || row.value.toLowerCase().includes(needle),
    )
    .sort((a, b) => (a.scope === b.scope ? a.key.localeCompare(b.key) : a.scope === 'span' ? -1 : 1))
  const total = Object.keys(attributes).length + Object.keys(resourceAttributes).length

  return (
    <details className="card attributes">
      <summary>
        <h2>All attributes</h2> <span className="muted">({total})</span>
      </summary>
      <div className="row attribute-filter">
        <input
          type="search"
          aria-label="Filter attributes"
          placeholder="Filter by key or value…"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        {needle ? <span className="muted">{rows.length} shown</span> : null}
      </div>
      <table className="kv">
        <TableHead
          columns={[{ label: 'Key', className: 'kv-key' }, 'Value', { label: 'On', className: 'kv-scope' }]}
        />
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.scope}:${row.key}`}>
              <td className="kv-key">
                <code>{row.key}</code>
              </td>
              <td className="kv-value">{row.value}</td>
              <td className="muted kv-scope">{row.scope}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
