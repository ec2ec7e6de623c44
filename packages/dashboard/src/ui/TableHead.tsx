/**
 * A table's header row: one column header per entry, a string or a label
 * with the cell's class (`num` right-aligns numbers). A `hidden` label is
 * read by screen readers only (a column of buttons). Falsy entries are
 * columns the table leaves out this time.
 */

export type Column = string | { label: string; className?: string; hidden?: boolean }

/** A column of numbers: its header aligns with them. */
export const numeric = (label: string): Column => ({ label, className: 'num' })

export function TableHead({ columns }: { columns: readonly (Column | false | null | undefined)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          if (!column) return null
          const { label, className, hidden } = typeof column === 'string' ? { label: column } : column
          return (
            <th scope="col" key={label} className={className}>
              {hidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          )
        })}
      </tr>
    </thead>
  )
}
