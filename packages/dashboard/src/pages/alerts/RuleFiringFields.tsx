import { SelectField, TextField } from './FormField.js'
import { metricUnit } from './metric-options.js'
import { fieldBinder, formMetric, type RuleFieldsetProps, type RuleForm } from './rule-form.js'

const unitSuffix: Record<string, string> = { ratio: '%', ms: 'ms', usd: 'USD', tokens: 'tokens' }

const comparisons: Record<RuleForm['comparison'], string> = {
  '>': '> above',
  '>=': '>= at or above',
  '<': '< below',
  '<=': '<= at or below',
}

const noDataChoices: Record<RuleForm['noData'], string> = {
  no_data: 'show “no data”',
  ok: 'treat as ok',
  firing: 'treat as firing',
  keep: 'keep the last state',
}

const budgetChoices: Record<RuleForm['budget'], string> = {
  '': 'no budget: spend in the window',
  day: 'daily budget',
  month: 'monthly budget',
}

/** The alert form's "When it fires": the condition, how long it must hold, and what missing data means. */
export function RuleFiringFields(props: RuleFieldsetProps) {
  const { form, readOnly } = props
  const field = fieldBinder(props)
  const metric = formMetric(form)
  const unit = metricUnit(metric)
  const percent = unit === 'ratio'
  const thresholdHint = percent
    ? 'A percentage: 5 means 5 % (the API stores 0.05).'
    : unit === 'ms'
      ? 'In milliseconds: 2000 means 2 s.'
      : unit === 'usd'
        ? 'In US dollars.'
        : undefined

  return (
    <fieldset disabled={readOnly}>
      <legend>When it fires</legend>
      <div className="form-grid">
        <SelectField label="Comparison" options={comparisons} {...field('comparison', 'rule-comparison')} />
        <TextField
          label="Threshold"
          hint={thresholdHint}
          inputMode="decimal"
          placeholder={percent ? '5' : ''}
          unit={unitSuffix[unit] ?? ''}
          {...field('threshold', 'rule-threshold')}
        />
        <TextField
          label="Warning level"
          hint="Optional: an earlier level that fires as a warning."
          inputMode="decimal"
          unit={unitSuffix[unit] ?? ''}
          {...field('warningThreshold', 'rule-warning')}
        />
        {form.budget ? null : (
          <TextField
            label="Window"
            hint="Measured over this sliding window: 5m, 15m, 1h, 24h…"
            choices={['5m', '15m', '30m', '1h', '6h', '24h', '7d']}
            {...field('window', 'rule-window')}
          />
        )}
        <TextField
          label="For"
          hint="The breach must last this long: 0 fires at once."
          choices={['0', '5m', '15m', '1h']}
          {...field('for', 'rule-for')}
        />
        <TextField
          label="Minimum calls"
          hint="Fewer calls in the window: not judged."
          type="number"
          min={0}
          step={1}
          {...field('minCalls', 'rule-min-calls')}
        />
        <SelectField
          label="When data is missing"
          options={noDataChoices}
          {...field('noData', 'rule-no-data')}
        />
        {metric === 'costUsd' ? (
          <SelectField
            label="Budget period"
            hint="A budget compares the spend since the start of the day or month (UTC), and warns when the forecast breaches."
            options={budgetChoices}
            {...field('budget', 'rule-budget')}
          />
        ) : null}
      </div>
    </fieldset>
  )
}
