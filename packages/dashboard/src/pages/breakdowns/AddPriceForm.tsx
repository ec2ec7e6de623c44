import { type FormEvent, useId, useState } from 'react'
import { addModelPrice, type PriceFields, parsePrice } from '../../api/price-overrides.js'
import { SubmitButton } from '../../ui/feedback.js'

export interface AddPriceFormProps {
  model: string
  provider: string
  onSaved(): void
  onCancel(): void
}

/** Input and output rates (cached input optional) for one model, saved as a project price override. */
export function AddPriceForm({ model, provider, onSaved, onCancel }: AddPriceFormProps) {
  const id = useId()
  const [fields, setFields] = useState<PriceFields>({ input: '', output: '', cachedInput: '' })
  const [error, setError] = useState<string | undefined>()
  const [saving, setSaving] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const parsed = parsePrice(fields, provider || undefined)
    if ('error' in parsed) {
      setError(parsed.error)
      return
    }
    setSaving(true)
    setError(undefined)
    try {
      await addModelPrice(model, parsed.price)
      onSaved()
    } catch (reason) {
      setError((reason as Error).message)
      setSaving(false)
    }
  }

  const field = (name: keyof PriceFields, label: string, required: boolean) => (
    <div className="price-field">
      <label htmlFor={`${id}-${name}`}>
        {label}
        <span className="visually-hidden"> price of {model}, USD per 1M tokens</span>
      </label>
      <input
        id={`${id}-${name}`}
        type="number"
        inputMode="decimal"
        min={0}
        max={10_000}
        step="any"
        required={required}
        placeholder={required ? undefined : 'as input'}
        value={fields[name]}
        onChange={(event) => setFields({ ...fields, [name]: event.target.value })}
      />
    </div>
  )

  return (
    <form className="price-form" onSubmit={submit} aria-label={`Price of ${model}`}>
      <span className="price-unit">USD per 1M tokens</span>
      {field('input', 'Input', true)}
      {field('output', 'Output', true)}
      {field('cachedInput', 'Cached input (optional)', false)}
      <div className="price-actions">
        <SubmitButton busy={saving} busyLabel="Saving…">
          Save price
        </SubmitButton>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
      {error ? (
        <p className="error price-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  )
}
