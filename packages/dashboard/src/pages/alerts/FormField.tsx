import { type ReactElement, type ReactNode, useState } from 'react'

/**
 * A labelled control with its hint and its error, wired for assistive
 * technology: the label names the control, the hint and the error describe
 * it, and an error marks it invalid. `children` receives the props to spread
 * on the control.
 */

export interface ControlProps {
  id: string
  'aria-describedby'?: string
  'aria-invalid'?: true
}

export function FormField({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string
  label: ReactNode
  hint?: ReactNode
  error?: string | undefined
  className?: string
  children: (control: ControlProps) => ReactElement
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div className={`form-field${className ? ` ${className}` : ''}${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(error ? { 'aria-invalid': true as const } : {}),
      })}
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  )
}

const OTHER = '__other__'

/**
 * A filter as a select of the values seen in recent calls, "Any", and
 * "Other…" for a value not seen yet (a use case about to launch).
 */
export function FilterSelect({
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
