import { useState } from 'react'
import { FormField } from './FormField.js'

const OTHER = '__other__'

/**
 * A filter as a select of the values seen in recent calls, "Any", and
 * "Other…" for a value not seen yet (a use case about to launch).
 */
export function RuleFilterSelect({
  id,
  label,
  value,
  options,
  onChange,
  error,
}: {
  id: string
  label: string
  value: string
  options: readonly string[]
  onChange(value: string): void
  error?: string | undefined
}) {
  // A value not seen lately (or not loaded yet) is still a choice: the rule's filter must show as set.
  const choices = value !== '' && !options.includes(value) ? [value, ...options] : options
  const [other, setOther] = useState(false)
  return (
    <FormField id={id} label={label} error={error}>
      {(control) => (
        <div className="stack">
          <select
            {...control}
            value={other ? OTHER : value}
            onChange={(event) => {
              if (event.target.value === OTHER) {
                setOther(true)
                return
              }
              setOther(false)
              onChange(event.target.value)
            }}
          >
            <option value="">Any</option>
            {choices.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
            <option value={OTHER}>Other…</option>
          </select>
          {other ? (
            <input
              aria-label={`${label}: other value`}
              value={value}
              placeholder="exact value"
              onChange={(event) => onChange(event.target.value)}
            />
          ) : null}
        </div>
      )}
    </FormField>
  )
}
