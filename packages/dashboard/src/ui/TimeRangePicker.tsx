import { useState } from 'react'
import {
  describeRange,
  type RelativeRange,
  relativeRanges,
  resolveRange,
  type TimeRange,
} from '../state/time-range.js'

/** Relative ranges in one click; an absolute range through two datetime fields. */
export function TimeRangePicker({ range, onChange }: { range: TimeRange; onChange(range: TimeRange): void }) {
  const [custom, setCustom] = useState(false)
  const window = resolveRange(range)
  const [from, setFrom] = useState(toLocalInput(window.from))
  const [to, setTo] = useState(toLocalInput(window.to))
  const value = range.kind === 'relative' ? range.range : 'custom'

  return (
    <div className="time-range">
      <label className="inline-field">
        <span className="visually-hidden">Time range</span>
        <select
          aria-label="Time range"
          value={custom ? 'custom' : value}
          onChange={(event) => {
            if (event.target.value === 'custom') {
              setCustom(true)
              return
            }
            setCustom(false)
            onChange({ kind: 'relative', range: event.target.value as RelativeRange })
          }}
        >
          {Object.keys(relativeRanges).map((name) => (
            <option key={name} value={name}>
              {describeRange({ kind: 'relative', range: name as RelativeRange })}
            </option>
          ))}
          <option value="custom">{range.kind === 'absolute' ? describeRange(range) : 'Custom…'}</option>
        </select>
      </label>
      {custom ? (
        <form
          className="custom-range"
          onSubmit={(event) => {
            event.preventDefault()
            const a = new Date(from)
            const b = new Date(to)
            if (a < b) {
              onChange({ kind: 'absolute', from: a, to: b })
              setCustom(false)
            }
          }}
        >
          <label>
            From{' '}
            <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} />
          </label>
          <label>
            To <input type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} />
          </label>
          <button type="submit">Apply</button>
        </form>
      ) : null}
    </div>
  )
}

function toLocalInput(date: Date): string {
  const offset = date.getTimezoneOffset() * 60_000
  return new Date(date.getTime() - offset).toISOString().slice(0, 16)
}
