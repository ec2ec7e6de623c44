import type { ReactNode } from 'react'
import { type Column, TableHead } from './TableHead.js'

/**
 * A table of the admin pages (rules, channels, keys…): it scrolls sideways
 * on a narrow screen instead of squeezing its columns; `columns` are its
 * headers (see TableHead), `children` its rows.
 */
export function DataTable({
  columns,
  className,
  scrollClassName,
  children,
}: {
  columns: readonly (Column | false | null | undefined)[]
  className?: string
  /** A class for the scrolling box (e.g. a height limit). */
  scrollClassName?: string
  children: ReactNode
}) {
  return (
    <div className={scrollClassName ? `vg-table-wrap ${scrollClassName}` : 'vg-table-wrap'}>
      <table className={className}>
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
