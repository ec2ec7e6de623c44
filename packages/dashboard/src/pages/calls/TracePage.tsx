import { api } from '../../api/api-client.js'
import type { PageProps } from '../../app/routes.js'
import { useApi } from '../../state/use-api.js'
import { formatPreciseTime } from './call-format.js'
import type { Trace } from './call-types.js'
import { DetailFrame } from './DetailFrame.js'
import { TraceTotals } from './TraceTotals.js'
import { TraceWaterfall } from './TraceWaterfall.js'
import { useListLinks } from './use-list-links.js'
import './calls.css'

/** `/traces/:traceId`: a whole trace, full width, with its totals. */
export default function TracePage({ params }: PageProps) {
  const traceId = params.traceId ?? ''
  const links = useListLinks()
  const trace = useApi(() => api.get<Trace>(`/api/v1/traces/${encodeURIComponent(traceId)}`), [traceId])

  return (
    <DetailFrame
      kind="Trace"
      id={traceId}
      state={trace}
      item={trace.data?.traceId === traceId ? trace.data : undefined}
      className="trace-page"
    >
      {(data) => (
        <>
          <div className="page-head">
            <h1>
              {data.roots[0]?.name ?? 'Trace'}
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
            <TraceWaterfall trace={data} hrefOfCall={links.call} />
          </section>
        </>
      )}
    </DetailFrame>
  )
}
