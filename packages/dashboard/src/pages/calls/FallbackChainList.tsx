import { useLinkHandler } from '../../app/router.js'
import { formatMs, formatUsd } from '../../ui/format.js'
import type { FallbackAttempt } from './call-types.js'
import { attemptLabel, attemptOutcome, summarizeFallbackChain } from './fallback-chain.js'

/** The attempts of the `withFallback` chain a call was part of, in order, with the one that answered. */
export function FallbackChainList({
  chain,
  currentSpanId,
  hrefOf,
}: {
  chain: FallbackAttempt[]
  currentSpanId: string
  hrefOf(spanId: string): string
}) {
  const onLink = useLinkHandler()
  const ordered = [...chain].sort((a, b) => a.attempt - b.attempt)
  return (
    <div className="fallback-chain">
      <p>{summarizeFallbackChain(ordered)}</p>
      <ol>
        {ordered.map((attempt) => {
          const current = attempt.spanId === currentSpanId
          const outcome = attemptOutcome(attempt)
          return (
            <li
              key={attempt.spanId}
              className={`attempt${attempt.served ? ' served' : ''}${current ? ' current' : ''}`}
              aria-current={current ? 'true' : undefined}
            >
              <span className="attempt-number">#{attempt.attempt}</span>
              <span className="attempt-name">
                {attempt.kind === 'llm' && !current ? (
                  <a href={hrefOf(attempt.spanId)} onClick={onLink}>
                    {attemptLabel(attempt)}
                  </a>
                ) : (
                  attemptLabel(attempt)
                )}
                {current ? <span className="muted"> (this call)</span> : null}
                <div className="fact-note">
                  {attempt.kind === 'llm'
                    ? [attempt.model, attempt.provider].filter(Boolean).join(' · ')
                    : 'a step without a model call'}
                </div>
              </span>
              <span
                className={`badge ${attempt.served ? 'ok' : attempt.status === 'error' ? 'error' : 'warning'}`}
              >
                {attempt.served ? '✓ ' : ''}
                {outcome}
              </span>
              <span className="num muted">{formatMs(attempt.durationMs)}</span>
              <span className="num muted">{attempt.kind === 'llm' ? formatUsd(attempt.costUsd) : ''}</span>
            </li>
          )
        })}
      </ol>
    </div>
  )
}
