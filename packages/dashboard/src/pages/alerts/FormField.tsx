import type { InputHTMLAttributes, ReactElement, ReactNode } from 'react'

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

interface FieldProps {
  id: string
  label: ReactNode
  hint?: ReactNode
  error?: string | undefined
}

/**
 * A text input as a FormField (other input props pass through). `choices`
 * are suggestions (a datalist); with `unit`, the input sits in a box with the
 * unit after it (an empty unit keeps the box, so fields line up).
 */
export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  choices,
  unit,
  ...input
}: FieldProps & {
  value: string
  onChange(value: string): void
  choices?: readonly string[]
  unit?: string
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'list'>) {
  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      {(control) => {
        const field = (
          <input
            {...control}
            {...input}
            list={choices ? `${id}-choices` : undefined}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
        )
        if (choices)
          return (
            <>
              {field}
              <datalist id={`${id}-choices`}>
                {choices.map((choice) => (
                  <option key={choice} value={choice} />
                ))}
              </datalist>
            </>
          )
        if (unit === undefined) return field
        return (
          <div className="with-unit">
            {field}
            {unit ? (
              <span className="unit" aria-hidden="true">
                {unit}
              </span>
            ) : null}
          </div>
        )
      }}
    </FormField>
  )
}

/** A select as a FormField; `options` maps each value to its text, in the order shown. */
export function SelectField<T extends string>({
  value,
  onChange,
  options,
  ...field
}: FieldProps & { value: T; onChange(value: T): void; options: Record<T, string> }) {
  return (
    <FormField {...field}>
      {(control) => (
        <select {...control} value={value} onChange={(event) => onChange(event.target.value as T)}>
          {(Object.entries(options) as [T, string][]).map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </select>
      )}
    </FormField>
  )
}
