import type { InputHTMLAttributes, ReactNode } from 'react'

/**
 * A text input inside its label, which names it: the fields of the inline
 * forms (new channel, key, project…). `grow` takes the row's free width.
 * Other input props (required, pattern, placeholder…) pass through.
 */
export function InputField({
  label,
  grow = false,
  value,
  onChange,
  ...input
}: {
  label: ReactNode
  grow?: boolean
  value: string
  onChange(value: string): void
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  return (
    <label className={grow ? 'field grow' : 'field'}>
      {label}
      <input {...input} value={value} onChange={(event) => onChange(event.target.value)} />
    </label>
  )
}
