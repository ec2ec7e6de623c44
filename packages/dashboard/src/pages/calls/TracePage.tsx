import { ApiError, api } from '../../api/api-client.js'
import { useLinkHandler } from '../../app/router.js'
import type { PageProps } from '../../app/routes.js'
import { useUrlState } from '../../state/url-state.js'
import { useApi } from '../../state/use-api.js'
import { EmptyState, ErrorBox, Loading } from '../../ui/feedback.js'
import { formatPreciseTime } from './call-format.js'
import { listParams } from './call-list-query.js'
import type { Trace } from './call-types.js'
import { TraceTotals } from './TraceTotals.js'
import { TraceWaterfall } from './TraceWaterfall.js'
import './calls.css'

/** `/traces/:traceId`: a whole trace, full width, with its totals. */
export default function TracePage({ params }: PageProps) {
  const traceId = params.traceId ?? ''
  const url = useUrlState()
  const onLink = useLinkHandler()
  const carried = listParams(url.search)
  const backHref = url.linkTo('/calls', carried)
  const trace = useApi(() => api.get<Trace>(`/api/v1/traces/${encodeURIComponent(traceId)}`), [traceId])
  const data = trace.data?.traceId === traceId ? trace.data : undefined

  const back = (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={backHref} onClick={onLink}>
        ← Calls
      </a>
      <span aria-hidden="true"> / </span>
      <span aria-current="page">
        Trace <code>{traceId}</code>
      </span>
    </nav>
  )

  if (!data) {
    if (trace.error instanceof ApiError && (trace.error.status === 404 || trace.error.status === 400)) {
      return (
        <section>
          {back}
          <EmptyState title={`No trace ${traceId} in this project`}>
            <p>
              {trace.error.status === 400
                ? 'A trace id is 32 hexadecimal characters.'
                : 'No span of it reached this project: it may belong to another project, or be older than the project keeps data.'}
            </p>
            <p>
              <a href={backHref} onClick={onLink}>
                Back to the calls
              </a>
            </p>
          </EmptyState>
        </section>
      )
    }
    return (
      <section>
        {back}
        {trace.error ? <ErrorBox error={trace.error} retry={trace.reload} /> : <Loading what="the trace" />}
      </section>
    )
  }

  const root = data.roots[0]
  return (
    <section className="trace-page">
      {back}
      <div className="page-head">
        <h1>
          {root?.name ?? 'Trace'}
          {data.roots.length > 1 ? (
            <span className="muted heading-sub"> and {data.roots.length - 1} more roots</span>
          ) : null}
        </h1>
        <p className="muted subline">
          {formatPreciseTime(data.startTime)} · trace <code>{data.traceId}</code>
        </p>
      </div>
      <TraceTotals totals={data.totals} />
      <section className="card trace-card" aria-label="Waterfall">
        <TraceWaterfall trace={data} hrefOfCall={(id) => url.linkTo(`/calls/${id}`, carried)} />
      </section>
    </section>
  )
}
