import { type FormEvent, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useAction } from '../../state/use-action.js'
import { NoticeText, SubmitButton } from '../../ui/feedback.js'
import { InputField } from '../../ui/InputField.js'
import type { AlertRule, MatcherOperator, Silence, SilenceMatcher } from './alert-types.js'

/**
 * A new silence: one rule, or every rule matching labels and filters (as
 * Alertmanager's matchers), for a duration or until a time, with the reason
 * on record (the API requires a comment: whoever wonders why nothing was
 * sent reads it).
 */

const durations = ['1h', '4h', '24h', '3d', '7d']
const operators: MatcherOperator[] = ['=', '!=', '=~', '!~']
const emptyMatcher: SilenceMatcher = { name: '', operator: '=', value: '' }

export function SilenceForm({ rules, onCreated }: { rules: AlertRule[]; onCreated(silence: Silence): void }) {
  const [target, setTarget] = useState<'rule' | 'matchers'>('rule')
  const [ruleId, setRuleId] = useState('')
  const [matchers, setMatchers] = useState<SilenceMatcher[]>([{ ...emptyMatcher }])
  const [duration, setDuration] = useState('4h')
  const [endsAt, setEndsAt] = useState('')
  const [comment, setComment] = useState('')
  const creation = useAction()

  async function submit(event: FormEvent) {
    event.preventDefault()
    const body: Record<string, unknown> = { comment: comment.trim() }
    if (target === 'rule') {
      if (!ruleId) return creation.fail('Choose the rule to silence.')
      body.ruleId = ruleId
    } else {
      const complete = matchers.filter((m) => m.name.trim() !== '')
      if (complete.length === 0)
        return creation.fail('Give at least one matcher (a label or filter name and a value).')
      body.matchers = complete.map((m) => ({ ...m, name: m.name.trim() }))
    }
    if (duration === 'until') {
      if (!endsAt) return creation.fail('Give the time the silence ends.')
      body.endsAt = new Date(endsAt).toISOString()
    } else body.duration = duration
    await creation.run(async () => {
      onCreated(await api.post<Silence>('/api/v1/silences', body))
      setComment('')
      setMatchers([{ ...emptyMatcher }])
    })
  }

  const setMatcher = (i: number, change: Partial<SilenceMatcher>) =>
    setMatchers((list) => list.map((m, j) => (j === i ? { ...m, ...change } : m)))

  return (
    <form className="inline-form" onSubmit={submit} aria-label="New silence">
      <fieldset className="radio-row">
        <legend>Silence</legend>
        <label>
          <input type="radio" checked={target === 'rule'} onChange={() => setTarget('rule')} /> one rule
        </label>
        <label>
          <input type="radio" checked={target === 'matchers'} onChange={() => setTarget('matchers')} /> rules
          matching labels
        </label>
      </fieldset>
      {target === 'rule' ? (
        <label className="field">
          Rule to silence
          <select value={ruleId} onChange={(event) => setRuleId(event.target.value)} required>
            <option value="">Choose a rule…</option>
            {rules.map((rule) => (
              <option key={rule.id} value={rule.id}>
                {rule.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <div className="matchers">
          {matchers.map((matcher, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
            <div className="row" key={i}>
              <input
                aria-label={`Matcher ${i + 1} label`}
                placeholder="team, useCase, model…"
                value={matcher.name}
                onChange={(event) => setMatcher(i, { name: event.target.value })}
              />
              <select
                aria-label={`Matcher ${i + 1} operator`}
                value={matcher.operator}
                onChange={(event) => setMatcher(i, { operator: event.target.value as MatcherOperator })}
              >
                {operators.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
              <input
                aria-label={`Matcher ${i + 1} value`}
                placeholder="value"
                value={matcher.value}
                onChange={(event) => setMatcher(i, { value: event.target.value })}
              />
              {matchers.length > 1 ? (
                <button
                  type="button"
                  aria-label={`Remove matcher ${i + 1}`}
                  onClick={() => setMatchers((list) => list.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              ) : null}
            </div>
          ))}
          <button type="button" onClick={() => setMatchers((list) => [...list, { ...emptyMatcher }])}>
            Add matcher
          </button>
          <p className="hint">
            Matchers see a rule’s labels, its filters (useCase, model, environment…), ruleId, ruleName and
            metric. <code>=~</code> matches the whole value as a regular expression.
          </p>
        </div>
      )}
      <div className="row">
        <label className="field">
          Duration
          <select value={duration} onChange={(event) => setDuration(event.target.value)}>
            {durations.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
            <option value="until">until a time…</option>
          </select>
        </label>
        {duration === 'until' ? (
          <InputField label="Ends at" type="datetime-local" value={endsAt} onChange={setEndsAt} />
        ) : null}
        <InputField
          label="Comment"
          grow
          value={comment}
          onChange={setComment}
          placeholder="Why: e.g. provider incident, fix deploying"
          required
        />
      </div>
      <NoticeText notice={creation.notice} />
      <div className="row">
        <SubmitButton busy={creation.busy}>Create silence</SubmitButton>
      </div>
    </form>
  )
}
