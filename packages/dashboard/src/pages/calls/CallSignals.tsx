import { formatCallTime } from './call-format.js'
import type { CallSignal } from './call-types.js'
import { describeSignal, signalOrigin } from './signal-description.js'

/** What people (and judges) said about the call: corrections, feedback, scores, escalations, outcomes. */
export function CallSignals({ signals }: { signals: CallSignal[] }) {
  if (signals.length === 0) {
    return (
      <p className="muted">
        No corrections, feedback, scores, escalations or outcomes about this call yet. Send them with the
        SDK’s <code>recordFeedback()</code>, <code>recordCorrection()</code>… or{' '}
        <code>POST /api/v1/signals</code>.
      </p>
    )
  }
  const now = new Date()
  return (
    <ul className="signal-list">
      {signals.map((signal) => {
        const description = describeSignal(signal)
        return (
          <li key={`${signal.kind}:${signal.idempotencyKey}`} className={`signal tone-${description.tone}`}>
            <div className="signal-head">
              <span className={`badge signal-${signal.kind}`}>{description.label}</span>
              <strong>{description.value}</strong>
              <span className="muted signal-meta">
                {signalOrigin(signal)} · {formatCallTime(signal.time, now)}
              </span>
            </div>
            {description.text ? (
              signal.kind === 'correction' ? (
                <blockquote className="corrected-text" aria-label="Corrected text">
                  {description.text}
                </blockquote>
              ) : (
                <p className="signal-text">{description.text}</p>
              )
            ) : null}
          </li>
        )
      })}
    </ul>
  )
}
