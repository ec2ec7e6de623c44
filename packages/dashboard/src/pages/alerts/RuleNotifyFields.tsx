import type { AlertChannel } from './alert-types.js'
import { FormField, TextField } from './FormField.js'
import { fieldBinder, type RuleFieldsetProps } from './rule-form.js'

/**
 * The alert form's "Who is told": the channels (or a new one, created beside
 * the form), how often to repeat, labels for silences, and the runbook.
 */
export function RuleNotifyFields({
  channels,
  creatingChannel,
  onToggleNewChannel,
  ...props
}: RuleFieldsetProps & { channels: AlertChannel[]; creatingChannel: boolean; onToggleNewChannel(): void }) {
  const { form, set, errors, readOnly } = props
  const field = fieldBinder(props)
  return (
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
          onClick={onToggleNewChannel}
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
        <TextField
          label="Repeat interval"
          hint="While firing, notify again at most this often."
          {...field('repeatInterval', 'rule-repeat')}
        />
        <TextField
          label="Labels"
          hint="team=payments, tier=1: sent with notifications, matched by silences."
          {...field('labels', 'rule-labels')}
        />
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
  )
}
