import { memo, useCallback, useMemo, useState } from 'react'
import { useLinkHandler } from '../../app/router.js'
import { formatMs } from '../../ui/format.js'
import type { Trace, TraceNode } from './call-types.js'
import { axisTicks, describeOutsideParent, layoutWaterfall, type WaterfallRow } from './waterfall-layout.js'

/**
 * A trace's spans as a waterfall: one row per span, indented by depth, its
 * bar placed and sized by its start and duration within the whole trace.
 * Model calls link to their call page; other spans unfold their attributes.
 * Errors and clock skew are said in words, not only shown in colour.
 */

/** Rows drawn before "Show all": a page of 10,000 bars is slow and unreadable anyway. */
const ROW_LIMIT = 300

function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set)
  if (next.has(id)) next.delete(id)
  else next.add(id)
  return next
}

export function TraceWaterfall({
  trace,
  currentSpanId,
  hrefOfCall,
}: {
  trace: Trace
  currentSpanId?: string
  hrefOfCall(spanId: string): string
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set())
  const [showAll, setShowAll] = useState(false)
  const layout = useMemo(() => layoutWaterfall(trace.roots, { collapsed }), [trace, collapsed])
  const ticks = axisTicks(layout.durationMs)
  const rows = showAll ? layout.rows : layout.rows.slice(0, ROW_LIMIT)
  // Stable callbacks, so folding one span re-renders the rows that changed, not all of them.
  const onFold = useCallback((id: string) => setCollapsed((set) => toggled(set, id)), [])
  const onOpen = useCallback((id: string) => setExpanded((set) => toggled(set, id)), [])

  return (
    <div className="waterfall" data-testid="trace-waterfall">
      <div className="waterfall-head" aria-hidden="true">
        <div className="waterfall-name">Span</div>
        <div className="waterfall-axis">
          {ticks.map((tick) => (
            <span key={tick.ms} className="tick" style={{ left: `${tick.percent}%` }}>
              {formatMs(tick.ms)}
            </span>
          ))}
        </div>
      </div>
      <div className="waterfall-body">
        {/* One set of gridlines behind all rows, rather than one per row. */}
        <div className="waterfall-grid" aria-hidden="true">
          <div />
          <div className="waterfall-track">
            {ticks.map((tick) => (
              <span key={tick.ms} className="gridline" style={{ left: `${tick.percent}%` }} />
            ))}
          </div>
        </div>
        <ol className="waterfall-rows" aria-label={`Spans of trace ${trace.traceId}`}>
          {rows.map((row) => (
            <SpanRow
              key={row.node.spanId}
              row={row}
              current={row.node.spanId === currentSpanId}
              folded={collapsed.has(row.node.spanId)}
              open={expanded.has(row.node.spanId)}
              href={row.node.kind === 'llm' ? hrefOfCall(row.node.spanId) : undefined}
              onFold={onFold}
              onOpen={onOpen}
            />
          ))}
        </ol>
      </div>
      {layout.rows.length > rows.length ? (
        <button type="button" className="link-button" onClick={() => setShowAll(true)}>
          Show all {layout.rows.length.toLocaleString('en')} spans
        </button>
      ) : null}
      {trace.truncated ? (
        <p className="hint">This trace has more spans than one answer carries; the rest are not shown.</p>
      ) : null}
    </div>
  )
}

interface SpanRowProps {
  row: WaterfallRow
  current: boolean
  folded: boolean
  open: boolean
  href: string | undefined
  onFold(spanId: string): void
  onOpen(spanId: string): void
}

/** A re-laid-out row with the same place and state is the same row: skip its render. */
function sameRow(a: SpanRowProps, b: SpanRowProps): boolean {
  return (
    a.row.node === b.row.node &&
    a.row.depth === b.row.depth &&
    a.row.leftPercent === b.row.leftPercent &&
    a.row.widthPercent === b.row.widthPercent &&
    a.row.descendants === b.row.descendants &&
    a.row.outsideParent?.beforeMs === b.row.outsideParent?.beforeMs &&
    a.row.outsideParent?.afterMs === b.row.outsideParent?.afterMs &&
    a.current === b.current &&
    a.folded === b.folded &&
    a.open === b.open &&
    a.href === b.href &&
    a.onFold === b.onFold &&
    a.onOpen === b.onOpen
  )
}

const SpanRow = memo(function SpanRow({ row, current, folded, open, href, onFold, onOpen }: SpanRowProps) {
  const onLink = useLinkHandler()
  const { node } = row
  const error = node.status === 'error'
  const errorText = node.call?.errorType ?? node.span?.statusMessage ?? null
  // Near the right edge the duration goes inside a wide bar, or before a narrow one.
  const nearEnd = row.leftPercent + row.widthPercent > 82
  const labelPlace = !nearEnd ? 'after' : row.widthPercent > 14 ? 'inside' : 'before'
  const classes = ['span-row', `kind-${node.kind}`, error ? 'is-error' : '', current ? 'current' : '']
  return (
    <li
      className={classes.filter(Boolean).join(' ')}
      data-testid="span-row"
      data-depth={row.depth}
      aria-current={current ? 'true' : undefined}
    >
      <div className="span-line">
        <div className="waterfall-name" style={{ paddingLeft: `${row.depth * 14}px` }}>
          {row.descendants > 0 ? (
            <button
              type="button"
              className="fold"
              aria-expanded={!folded}
              aria-label={`${folded ? 'Unfold' : 'Fold'} ${node.name} (${row.descendants} spans below)`}
              onClick={() => onFold(node.spanId)}
            >
              {folded ? '▸' : '▾'}
            </button>
          ) : (
            <span className="fold-spacer" />
          )}
          {node.kind === 'llm' ? <span className="kind-tag">LLM</span> : null}
          {href && !current ? (
            <a href={href} onClick={onLink} className="span-name" title={node.name}>
              {node.name}
            </a>
          ) : node.kind === 'span' ? (
            <button
              type="button"
              className="link-button span-name"
              aria-expanded={open}
              title={`${node.name}: show details`}
              onClick={() => onOpen(node.spanId)}
            >
              {node.name}
            </button>
          ) : (
            <span className="span-name" title={node.name}>
              {node.name}
            </span>
          )}
          {current ? <span className="this-call">this call</span> : null}
          {error ? (
            <span className="badge error" title={errorText ?? undefined}>
              error{errorText ? `: ${errorText}` : ''}
            </span>
          ) : null}
          {folded ? <span className="muted"> +{row.descendants}</span> : null}
          <span className="muted span-service">{spanContext(row)}</span>
        </div>
        <div className="waterfall-track">
          <span
            className="bar"
            style={{ left: `${row.leftPercent}%`, width: `${row.widthPercent}%` }}
            title={`${node.name}: starts at +${formatMs(row.offsetMs)}, takes ${formatMs(row.durationMs)}`}
          />
          <span
            className={`bar-label ${labelPlace}`}
            style={
              labelPlace === 'after'
                ? { left: `${row.leftPercent + row.widthPercent}%` }
                : {
                    right: `${labelPlace === 'inside' ? 100 - row.leftPercent - row.widthPercent : 100 - row.leftPercent}%`,
                  }
            }
          >
            {formatMs(row.durationMs)}
            <span className="visually-hidden">, starting at +{formatMs(row.offsetMs)}</span>
          </span>
        </div>
      </div>
      {row.outsideParent ? (
        <div className="span-note" style={{ paddingLeft: `${row.depth * 14 + 22}px` }}>
          ⚠ {describeOutsideParent(row.outsideParent)} (clock skew between hosts, or work that outlived it)
        </div>
      ) : null}
      {open && node.span ? <SpanDetails node={node} depth={row.depth} /> : null}
    </li>
  )
}, sameRow)

/**
 * For a model call its use case, and the service where it changes (on roots
 * and where a call crosses into another service): what tells rows apart.
 */
function spanContext({ node, parent }: WaterfallRow): string {
  const service = parent === null || parent.serviceName !== node.serviceName ? node.serviceName : null
  const parts = [node.call?.useCase, service].filter(Boolean)
  return parts.length > 0 ? ` ${parts.join(' · ')}` : ''
}

function SpanDetails({ node, depth }: { node: TraceNode; depth: number }) {
  const span = node.span
  if (!span) return null
  const attributes = Object.entries(span.attributes).sort(([a], [b]) => a.localeCompare(b))
  return (
    <div className="span-details" style={{ marginLeft: `${depth * 14 + 22}px` }}>
      <p className="muted">
        {span.spanKind} span · {node.serviceName}
        {span.scopeName ? ` · ${span.scopeName}` : ''} · status {node.status}
        {span.statusMessage ? `: ${span.statusMessage}` : ''} · id <code>{node.spanId}</code>
      </p>
      {attributes.length > 0 ? (
        <table className="kv">
          <tbody>
            {attributes.map(([key, value]) => (
              <tr key={key}>
                <td className="kv-key">
                  <code>{key}</code>
                </td>
                <td className="kv-value">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No attributes.</p>
      )}
    </div>
  )
}
