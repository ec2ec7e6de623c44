import { api } from '../../api/api-client.js'
import { useLinkHandler } from '../../app/router.js'
import type { PageProps } from '../../app/routes.js'
import { useApi } from '../../state/use-api.js'
import { ErrorBox, Loading } from '../../ui/feedback.js'
import { AttributeTable } from './AttributeTable.js'
import { CallContent } from './CallContent.js'
import { CallFacts } from './CallFacts.js'
import { CallSignals } from './CallSignals.js'
import type { CallDetail, Trace } from './call-types.js'
import { DetailFrame } from './DetailFrame.js'
import { FallbackChainList } from './FallbackChainList.js'
import { TraceTotals } from './TraceTotals.js'
import { TraceWaterfall } from './TraceWaterfall.js'
import { useListLinks } from './use-list-links.js'
import './calls.css'

/** `/calls/:spanId`: one call with everything known about it, and the trace it ran in. */
export default function CallDetailPage({ params }: PageProps) {
  const spanId = params.spanId ?? ''
  const links = useListLinks()
  const onLink = useLinkHandler()
  const detail = useApi(() => api.get<CallDetail>(`/api/v1/calls/${encodeURIComponent(spanId)}`), [spanId])

  return (
    <DetailFrame
      kind="Call"
      id={spanId}
      state={detail}
      item={detail.data?.spanId === spanId ? detail.data : undefined}
      className="call-detail"
    >
      {(call) => (
        <>
          <div className="page-head">
            <h1>
              {call.model ?? call.requestModel ?? 'Unknown model'}
              <span className="muted heading-sub"> · {call.useCase ?? 'no use case'}</span>
            </h1>
            <p className="muted subline">
              <span className={`badge ${call.status}`}>{call.status}</span> {call.spanName} ·{' '}
              {call.serviceName} ·{' '}
              <a href={links.trace(call.traceId)} onClick={onLink}>
                trace {call.traceId.slice(0, 8)}…
              </a>
            </p>
          </div>
          {detail.error ? <ErrorBox error={detail.error} retry={detail.reload} /> : null}

          <div className="card">
            <CallFacts call={call} linkTo={links.linkTo} />
          </div>

          <div className="detail-columns">
            <section className="card" aria-labelledby="content-heading">
              <h2 id="content-heading">Content</h2>
              <CallContent content={call.content} />
            </section>
            <div className="detail-side">
              {call.fallbackChain.length > 0 ? (
                <section className="card" aria-labelledby="fallback-heading">
                  <h2 id="fallback-heading">Fallback chain</h2>
                  <FallbackChainList
                    chain={call.fallbackChain}
                    currentSpanId={call.spanId}
                    hrefOf={links.call}
                  />
                </section>
              ) : null}
              <section className="card" aria-labelledby="signals-heading">
                <h2 id="signals-heading">
                  Human signals <span className="muted">({call.signals.length})</span>
                </h2>
                <CallSignals signals={call.signals} />
              </section>
            </div>
          </div>

          <CallTrace
            traceId={call.traceId}
            spanId={call.spanId}
            traceHref={links.trace(call.traceId)}
            callHref={links.call}
          />

          <AttributeTable attributes={call.attributes} resourceAttributes={call.resourceAttributes} />
        </>
      )}
    </DetailFrame>
  )
}

function CallTrace({
  traceId,
  spanId,
  traceHref,
  callHref,
}: {
  traceId: string
  spanId: string
  traceHref: string
  callHref(id: string): string
}) {
  const onLink = useLinkHandler()
  const trace = useApi(() => api.get<Trace>(`/api/v1/traces/${traceId}`), [traceId])
  const data = trace.data?.traceId === traceId ? trace.data : undefined
  return (
    <section className="card" aria-labelledby="trace-heading">
      <div className="card-header">
        <h2 id="trace-heading">Trace</h2>
        {data ? <TraceTotals totals={data.totals} compact /> : null}
        <a href={traceHref} onClick={onLink} className="card-link">
          Open full trace →
        </a>
      </div>
      {data ? (
        <TraceWaterfall trace={data} currentSpanId={spanId} hrefOfCall={callHref} />
      ) : trace.error ? (
        <ErrorBox error={trace.error} retry={trace.reload} />
      ) : (
        <Loading what="the trace" />
      )}
    </section>
  )
}
