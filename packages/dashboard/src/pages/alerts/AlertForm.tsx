import { type FormEvent, useState } from 'react'
import { useLinkHandler } from '../../app/router.js'
import type { AlertChannel, AlertRuleBody, RuleFilterName } from './alert-types.js'
import { ChannelForm } from './ChannelForm.js'
import type { Dimension } from './dimension-values.js'
import { FilterSelect, FormField } from './FormField.js'
import { metricOptions, metricUnit, namedMetricFamilies } from './metric-options.js'
import {
  type FieldErrors,
  formMetric,
  formToRule,
  isNamedFamily,
  type RuleForm,
  thresholdFromInput,
} from './rule-form.js'
import { ThresholdPreview } from './ThresholdPreview.js'

/**
 * The rule form beside its preview. Field names follow the API, so a 400
 * naming a field (`Invalid field "window": …`) lands next to that field.
 */

const filterFields: { name: RuleFilterName & Dimension; label: string }[] = [
  { name: 'useCase', label: 'Use case' },
  { name: 'model', label: 'Model' },
  { name: 'provider', label: 'Provider' },
  { name: 'environment', label: 'Environment' },
  { name: 'promptVersion', label: 'Prompt version' },
]

const unitSuffix: Record<string, string> = { ratio: '%', ms: 'ms', usd: 'USD', tokens: 'tokens' }

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
  const { mode, readOnly, channels, dimensionValues, onSubmit, onChannelCreated } = props
  const onLink = useLinkHandler()
  const [form, setForm] = useState(props.initial)
  const [localErrors, setLocalErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [creatingChannel, setCreatingChannel] = useState(false)
  const errors = { ...props.errors, ...localErrors }
  const set = <K extends keyof RuleForm>(name: K, value: RuleForm[K]) => {
    setForm((current) => ({ ...current, [name]: value }))
    setLocalErrors((current) => ({ ...current, [name]: undefined }))
  }
  const metric = formMetric(form)
  const unit = metricUnit(metric)
  const percent = unit === 'ratio'
  const knownMetric =
    isNamedFamily(form.metric) || metricOptions.some((option) => option.name === form.metric)

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

  const thresholdHint = percent
    ? 'A percentage: 5 means 5 % (the API stores 0.05).'
    : unit === 'ms'
      ? 'In milliseconds: 2000 means 2 s.'
      : unit === 'usd'
        ? 'In US dollars.'
        : undefined

  return (
    <div className="alert-form-layout">
      <div className="form-column">
        <form
          className="card alert-form"
          onSubmit={submit}
          noValidate
          aria-label={mode === 'create' ? 'New alert rule' : 'Edit alert rule'}
        >
          <fieldset disabled={readOnly}>
            <legend>What to watch</legend>
            <FormField id="rule-name" label="Name" error={errors.name}>
              {(control) => (
                <input
                  {...control}
                  value={form.name}
                  onChange={(event) => set('name', event.target.value)}
                  placeholder="Triage error rate"
                />
              )}
            </FormField>
            <FormField id="rule-metric" label="Metric" error={errors.metric}>
              {(control) => (
                <div className="row">
                  <select
                    {...control}
                    value={form.metric}
                    onChange={(event) => set('metric', event.target.value)}
                  >
                    <optgroup label="Production metrics">
                      {metricOptions.map((option) => (
                        <option key={option.name} value={option.name}>
                          {option.name} — {option.label}
                        </option>
                      ))}
                      {!knownMetric ? <option value={form.metric}>{form.metric}</option> : null}
                    </optgroup>
                    <optgroup label="By signal name">
                      {namedMetricFamilies.map((family) => (
                        <option key={family.family} value={family.family}>
                          {family.family}:&lt;key&gt; — {family.label}
                        </option>
                      ))}
                    </optgroup>
                  </select>
                  {isNamedFamily(form.metric) ? (
                    <input
                      aria-label="Score or outcome key"
                      value={form.metricKey}
                      onChange={(event) => set('metricKey', event.target.value)}
                      placeholder="accuracy"
                    />
                  ) : null}
                </div>
              )}
            </FormField>
            <div className="form-grid">
              {filterFields.map((field) => (
                <FilterSelect
                  key={field.name}
                  id={`rule-filter-${field.name}`}
                  label={field.label}
                  value={form.filters[field.name] ?? ''}
                  options={dimensionValues[field.name] ?? []}
                  onChange={(value) => set('filters', { ...form.filters, [field.name]: value })}
                  error={errors[`filters.${field.name}`]}
                />
              ))}
            </div>
            {(['serviceName', 'userId', 'tag'] as const).some((name) => form.filters[name]) ? (
              <p className="hint">
                Also filtered by{' '}
                {(['serviceName', 'userId', 'tag'] as const)
                  .filter((name) => form.filters[name])
                  .map((name) => `${name}=${form.filters[name]}`)
                  .join(', ')}{' '}
                (kept as is).
              </p>
            ) : null}
          </fieldset>

          <fieldset disabled={readOnly}>
            <legend>When it fires</legend>
            <div className="form-grid">
              <FormField id="rule-comparison" label="Comparison" error={errors.comparison}>
                {(control) => (
                  <select
                    {...control}
                    value={form.comparison}
                    onChange={(event) => set('comparison', event.target.value as RuleForm['comparison'])}
                  >
                    <option value=">">&gt; above</option>
                    <option value=">=">&gt;= at or above</option>
                    <option value="<">&lt; below</option>
                    <option value="<=">&lt;= at or below</option>
                  </select>
                )}
              </FormField>
              <FormField id="rule-threshold" label="Threshold" hint={thresholdHint} error={errors.threshold}>
                {(control) => (
                  <div className="with-unit">
                    <input
                      {...control}
                      inputMode="decimal"
                      value={form.threshold}
                      onChange={(event) => set('threshold', event.target.value)}
                      placeholder={percent ? '5' : ''}
                    />
                    {unitSuffix[unit] ? (
                      <span className="unit" aria-hidden="true">
                        {unitSuffix[unit]}
                      </span>
                    ) : null}
                  </div>
                )}
              </FormField>
              <FormField
                id="rule-warning"
                label="Warning level"
                hint="Optional: an earlier level that fires as a warning."
                error={errors.warningThreshold}
              >
                {(control) => (
                  <div className="with-unit">
                    <input
                      {...control}
                      inputMode="decimal"
                      value={form.warningThreshold}
                      onChange={(event) => set('warningThreshold', event.target.value)}
                    />
                    {unitSuffix[unit] ? (
                      <span className="unit" aria-hidden="true">
                        {unitSuffix[unit]}
                      </span>
                    ) : null}
                  </div>
                )}
              </FormField>
              {form.budget ? null : (
                <FormField
                  id="rule-window"
                  label="Window"
                  hint="Measured over this sliding window: 5m, 15m, 1h, 24h…"
                  error={errors.window}
                >
                  {(control) => (
                    <>
                      <input
                        {...control}
                        list="rule-window-choices"
                        value={form.window}
                        onChange={(event) => set('window', event.target.value)}
                      />
                      <datalist id="rule-window-choices">
                        {['5m', '15m', '30m', '1h', '6h', '24h', '7d'].map((d) => (
                          <option key={d} value={d} />
                        ))}
                      </datalist>
                    </>
                  )}
                </FormField>
              )}
              <FormField
                id="rule-for"
                label="For"
                hint="The breach must last this long: 0 fires at once."
                error={errors.for}
              >
                {(control) => (
                  <>
                    <input
                      {...control}
                      list="rule-for-choices"
                      value={form.for}
                      onChange={(event) => set('for', event.target.value)}
                    />
                    <datalist id="rule-for-choices">
                      {['0', '5m', '15m', '1h'].map((d) => (
                        <option key={d} value={d} />
                      ))}
                    </datalist>
                  </>
                )}
              </FormField>
              <FormField
                id="rule-min-calls"
                label="Minimum calls"
                hint="Fewer calls in the window: not judged."
                error={errors.minCalls}
              >
                {(control) => (
                  <input
                    {...control}
                    type="number"
                    min={0}
                    step={1}
                    value={form.minCalls}
                    onChange={(event) => set('minCalls', event.target.value)}
                  />
                )}
              </FormField>
              <FormField id="rule-no-data" label="When data is missing" error={errors.noData}>
                {(control) => (
                  <select
                    {...control}
                    value={form.noData}
                    onChange={(event) => set('noData', event.target.value as RuleForm['noData'])}
                  >
                    <option value="no_data">show “no data”</option>
                    <option value="ok">treat as ok</option>
                    <option value="firing">treat as firing</option>
                    <option value="keep">keep the last state</option>
                  </select>
                )}
              </FormField>
              {metric === 'costUsd' ? (
                <FormField
                  id="rule-budget"
                  label="Budget period"
                  hint="A budget compares the spend since the start of the day or month (UTC), and warns when the forecast breaches."
                  error={errors.budget}
                >
                  {(control) => (
                    <select
                      {...control}
                      value={form.budget}
                      onChange={(event) => set('budget', event.target.value as RuleForm['budget'])}
                    >
                      <option value="">no budget: spend in the window</option>
                      <option value="day">daily budget</option>
                      <option value="month">monthly budget</option>
                    </select>
                  )}
                </FormField>
              ) : null}
            </div>
          </fieldset>

          <fieldset disabled={readOnly}>
            <legend>Who is told</legend>
            <fieldset
              className="checkbox-group"
              aria-describedby={errors.channels ? 'rule-channels-error' : undefined}
            >
              <legend>Channels</legend>
              {channels.length === 0 ? (
                <p className="hint">
                  No channel yet: the rule will change state on the dashboard but notify nobody.
                </p>
              ) : (
                channels.map((channel) => (
                  <label key={channel.name} className="checkbox">
                    <input
                      type="checkbox"
                      checked={form.channels.includes(channel.name)}
                      onChange={(event) =>
                        set(
                          'channels',
                          event.target.checked
                            ? [...form.channels, channel.name]
                            : form.channels.filter((name) => name !== channel.name),
                        )
                      }
                    />{' '}
                    {channel.name} <span className="muted small">({channel.type})</span>
                  </label>
                ))
              )}
              <button
                type="button"
                className="link-button small"
                onClick={() => setCreatingChannel((v) => !v)}
                aria-expanded={creatingChannel}
              >
                {creatingChannel ? 'Cancel the new channel' : 'Create a channel'}
              </button>
              {errors.channels ? (
                <div className="field-error" id="rule-channels-error">
                  {errors.channels}
                </div>
              ) : null}
            </fieldset>
            <div className="form-grid">
              <FormField
                id="rule-repeat"
                label="Repeat interval"
                hint="While firing, notify again at most this often."
                error={errors.repeatInterval}
              >
                {(control) => (
                  <input
                    {...control}
                    value={form.repeatInterval}
                    onChange={(event) => set('repeatInterval', event.target.value)}
                  />
                )}
              </FormField>
              <FormField
                id="rule-labels"
                label="Labels"
                hint="team=payments, tier=1: sent with notifications, matched by silences."
                error={errors.labels}
              >
                {(control) => (
                  <input
                    {...control}
                    value={form.labels}
                    onChange={(event) => set('labels', event.target.value)}
                  />
                )}
              </FormField>
            </div>
            <FormField
              id="rule-description"
              label="Description"
              hint="Optional: what to do when it fires (a runbook link)."
              error={errors.description}
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={2}
                  value={form.description}
                  onChange={(event) => set('description', event.target.value)}
                />
              )}
            </FormField>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={form.enabled}
                onChange={(event) => set('enabled', event.target.checked)}
              />{' '}
              Enabled
            </label>
          </fieldset>

          {props.formError ? (
            <p className="error" role="alert">
              {props.formError}
            </p>
          ) : null}
          {Object.values(errors).some(Boolean) && !props.formError ? (
            <p className="error" role="alert">
              Check the highlighted fields.
            </p>
          ) : null}
          <div className="row form-actions">
            <button type="submit" disabled={busy || readOnly}>
              {busy ? 'Saving…' : mode === 'create' ? 'Create alert' : 'Save alert'}
            </button>
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
