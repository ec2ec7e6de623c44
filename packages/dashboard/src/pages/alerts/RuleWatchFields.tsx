import { type Dimension, dimensionLabels, dimensions } from '../../state/dimensions.js'
import { FormField, TextField } from './FormField.js'
import { metricOptions, namedMetricFamilies } from './metric-options.js'
import { RuleFilterSelect } from './RuleFilterSelect.js'
import { fieldBinder, isNamedFamily, type RuleFieldsetProps } from './rule-form.js'

/** Filters a rule may carry (from the API or a config file) that the form has no select for: kept as is. */
const otherFilterNames = ['serviceName', 'userId', 'tag'] as const

/** The alert form's "What to watch": the rule's name, its metric and the calls it is measured on. */
export function RuleWatchFields({
  dimensionValues,
  ...props
}: RuleFieldsetProps & { dimensionValues: Partial<Record<Dimension, string[]>> }) {
  const { form, set, errors, readOnly } = props
  const knownMetric =
    isNamedFamily(form.metric) || metricOptions.some((option) => option.name === form.metric)
  const otherFilters = otherFilterNames.filter((name) => form.filters[name])
  return (
    <fieldset disabled={readOnly}>
      <legend>What to watch</legend>
      <TextField label="Name" placeholder="Triage error rate" {...fieldBinder(props)('name', 'rule-name')} />
      <FormField id="rule-metric" label="Metric" error={errors.metric}>
        {(control) => (
          <div className="row">
            <select {...control} value={form.metric} onChange={(event) => set('metric', event.target.value)}>
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
        {dimensions.map((name) => (
          <RuleFilterSelect
            key={name}
            id={`rule-filter-${name}`}
            label={dimensionLabels[name]}
            value={form.filters[name] ?? ''}
            options={dimensionValues[name] ?? []}
            onChange={(value) => set('filters', { ...form.filters, [name]: value })}
            error={errors[`filters.${name}`]}
          />
        ))}
      </div>
      {otherFilters.length > 0 ? (
        <p className="hint">
          Also filtered by {otherFilters.map((name) => `${name}=${form.filters[name]}`).join(', ')} (kept as
          is).
        </p>
      ) : null}
    </fieldset>
  )
}
