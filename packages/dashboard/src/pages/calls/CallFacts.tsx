import type { ReactNode } from 'react'
import { useLinkHandler } from '../../app/router.js'
import { formatMs, formatUsd } from '../../ui/format.js'
import { formatPreciseTime, formatTokenPair, tokenDetails } from './call-format.js'
import type { CallDetail } from './call-types.js'

/** The facts of one call at a glance: timing, usage, cost, outcome, and who and what it was for. */
export function CallFacts({
  call,
  linkTo,
}: {
  call: CallDetail
  linkTo(path: string, extra?: Record<string, string>): string
}) {
  const onLink = useLinkHandler()
  const tokenNote = tokenDetails(call.tokens)
  const filterLink = (name: string, value: string | null) =>
    value === null ? null : (
      <a
        href={linkTo('/calls', { [name]: value })}
        onClick={onLink}
        title={`All calls with ${name} ${value}`}
      >
        {value}
      </a>
    )
  return (
    <dl className="facts">
      <Fact label="Time">{formatPreciseTime(call.startTime)}</Fact>
      <Fact label="Duration">{formatMs(call.durationMs)}</Fact>
      <Fact label="Time to first token">
        {call.ttftMs === null ? <span className="muted">not streamed</span> : formatMs(call.ttftMs)}
      </Fact>
      <Fact label="Tokens in → out">
        {formatTokenPair(call.tokens)}
        {tokenNote ? <div className="fact-note">{tokenNote}</div> : null}
      </Fact>
      <Fact label="Cost">
        {call.costUsd === null ? (
          <>
            <span className="muted">unknown</span>
            <div className="fact-note">no usage reported, or no price for this model</div>
          </>
        ) : (
          <>
            {formatUsd(call.costUsd)}
            <div className="fact-note">{call.costBasis}</div>
          </>
        )}
      </Fact>
      <Fact label="Status">
        <span className={`badge ${call.status}`}>{call.status}</span>
        {call.errorType ? <span className="error-type"> {call.errorType}</span> : null}
        {call.streamAbandoned ? <div className="fact-note">stream abandoned by the app</div> : null}
      </Fact>
      <Fact label="Provider">{call.provider}</Fact>
      <Fact label="Model">
        {call.model}
        {call.requestModel && call.requestModel !== call.model ? (
          <div className="fact-note">asked for {call.requestModel}</div>
        ) : null}
      </Fact>
      <Fact label="User">{filterLink('userId', call.userId)}</Fact>
      <Fact label="Session">{call.sessionId}</Fact>
      {call.subjectId && call.subjectId !== call.sessionId ? (
        <Fact label="Subject">{call.subjectId}</Fact>
      ) : null}
      <Fact label="Prompt version">{filterLink('promptVersion', call.promptVersion)}</Fact>
      <Fact label="Environment">{call.environment}</Fact>
      <Fact label="Service">{call.serviceName}</Fact>
      {call.finishReasons.length > 0 ? (
        <Fact label="Finish reason">{call.finishReasons.join(', ')}</Fact>
      ) : null}
      {call.tags.length > 0 ? (
        <Fact label="Tags">
          {call.tags.map((tag) => (
            <span key={tag} className="badge tag">
              {tag}
            </span>
          ))}
        </Fact>
      ) : null}
      {call.cacheHit ? <Fact label="Cache">served from the app’s cache</Fact> : null}
    </dl>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">–</span>}</dd>
    </div>
  )
}
