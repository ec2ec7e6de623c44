import { type FormEvent, useState } from 'react'
import { useLinkHandler } from '../../app/router.js'
import type { Dimension } from '../../state/dimensions.js'
import { SubmitButton } from '../../ui/feedback.js'
import type { AlertChannel, AlertRuleBody } from './alert-types.js'
import { ChannelForm } from './ChannelForm.js'
import { RuleFiringFields } from './RuleFiringFields.js'
import { RuleNotifyFields } from './RuleNotifyFields.js'
import { RuleWatchFields } from './RuleWatchFields.js'
import {
  type FieldErrors,
  formMetric,
  formToRule,
  type RuleForm,
  type SetRuleField,
  thresholdFromInput,
} from './rule-form.js'
import { ThresholdPreview } from './ThresholdPreview.js'

/**
 * The rule form beside its preview. Field names follow the API, so a 400
 * naming a field (`Invalid field "window": …`) lands next to that field.
 */

export interface AlertFormProps {
  initial: RuleForm
  mode: 'create' | 'edit'
  readOnly: boolean
  channels: AlertChannel[]
  dimensionValues: Partial<Record<Dimension, string[]>>
  /** Saves the rule; throws the API's error (its field errors are shown by the caller's `errors`). */
  onSubmit(body: AlertRuleBody): Promise<void>
  errors: FieldErrors
  formError: string | undefined
  /** A channel was created from the form: reload the list (the rule already has it checked). */
  onChannelCreated(): void
}

export function AlertForm(props: AlertFormProps) {
  const { mode, readOnly, onSubmit, onChannelCreated } = props
  const onLink = useLinkHandler()
  const [form, setForm] = useState(props.initial)
  const [localErrors, setLocalErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [creatingChannel, setCreatingChannel] = useState(false)
  const errors = { ...props.errors, ...localErrors }
  const set: SetRuleField = (name, value) => {
    setForm((current) => ({ ...current, [name]: value }))
    setLocalErrors((current) => ({ ...current, [name]: undefined }))
  }
  const fieldset = { form, set, errors, readOnly }
  const metric = formMetric(form)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const result = formToRule(form)
    if ('errors' in result) {
      setLocalErrors(result.errors)
      return
    }
    setLocalErrors({})
    setBusy(true)
    try {
      await onSubmit(result.body)
    } finally {
      setBusy(false)
    }
  }

  const formError =
    props.formError || (Object.values(errors).some(Boolean) ? 'Check the highlighted fields.' : undefined)

  return (
    <div className="alert-form-layout">
      <div className="form-column">
        <form
          className="card alert-form"
          onSubmit={submit}
          noValidate
          aria-label={mode === 'create' ? 'New alert rule' : 'Edit alert rule'}
        >
          <RuleWatchFields {...fieldset} dimensionValues={props.dimensionValues} />
          <RuleFiringFields {...fieldset} />
          <RuleNotifyFields
            {...fieldset}
            channels={props.channels}
            creatingChannel={creatingChannel}
            onToggleNewChannel={() => setCreatingChannel((v) => !v)}
          />
          {formError ? (
            <p className="error" role="alert">
              {formError}
            </p>
          ) : null}
          <div className="row form-actions">
            <SubmitButton busy={busy} busyLabel="Saving…" disabled={readOnly}>
              {mode === 'create' ? 'Create alert' : 'Save alert'}
            </SubmitButton>
            <a href="/alerts" onClick={onLink}>
              Cancel
            </a>
          </div>
        </form>
        {creatingChannel ? (
          <div className="card new-channel">
            <h2>New channel</h2>
            <ChannelForm
              onCreated={(channel) => {
                setCreatingChannel(false)
                set('channels', [...form.channels, channel.name])
                onChannelCreated()
              }}
            />
          </div>
        ) : null}
      </div>
      <div className="preview-column">
        <ThresholdPreview
          rule={{
            metric,
            filters: form.filters,
            window: form.window,
            budget: form.budget ? { period: form.budget } : undefined,
            comparison: form.comparison,
            threshold: thresholdFromInput(form.threshold, metric),
            warningThreshold: thresholdFromInput(form.warningThreshold, metric),
            for: form.for,
            minCalls: Number(form.minCalls) || 0,
            noData: form.noData,
          }}
        />
      </div>
    </div>
  )
}
