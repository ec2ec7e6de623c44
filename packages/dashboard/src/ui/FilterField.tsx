import { type ReactNode, useId } from 'react'

/** A labelled control of a filter bar; `children` gets the id to give the control. */
export function FilterField({
  label,
  wide = false,
  children,
}: {
  label: string
  wide?: boolean
  children(id: string): ReactNode
}) {
  const id = useId()
  return (
    <div className={`filter-field${wide ? ' wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  )
}

/**
 * A filter as a select of "All" and the values offered. A value set from a
 * shared link but not offered (no calls in this window) stays selectable,
 * not silently dropped.
 */
export function FilterSelect({
  label,
  value,
  values = [],
  onChange,
}: {
  label: string
  value: string | undefined
  values: readonly string[] | undefined
  onChange(value: string | undefined): void
}) {
  const choices = value && !values.includes(value) ? [value, ...values] : values
  return (
    <FilterField label={label}>
      {(id) => (
        <select
          id={id}
          value={value ?? ''}
          className={value ? 'active' : undefined}
          onChange={(event) => onChange(event.target.value || undefined)}
        >
          <option value="">All</option>
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      )}
    </FilterField>
  )
}
