import { formatMs } from '../../ui/format.js'
import type { TraceNode } from './call-types.js'

/**
 * Where each span of a trace sits on the waterfall: rows in tree order
 * (depth-first, siblings by start), each bar placed by its own start and
 * length against the whole trace. Bars are never clipped to their parent:
 * a child that starts before its parent (clock skew between services) or
 * ends after it (work that outlived the request) is drawn where its times
 * say, and flagged, rather than silently squeezed into the parent.
 */

export interface SpanOutsideParent {
  /** How much earlier than its parent it started (0 if not). */
  beforeMs: number
  /** How much later than its parent it ended (0 if not). */
  afterMs: number
}

export interface WaterfallRow {
  node: TraceNode
  /** Null on roots. */
  parent: TraceNode | null
  depth: number
  /** From the trace start. */
  offsetMs: number
  durationMs: number
  /** The bar, as percentages of the trace's length; offset + width never exceeds 100. */
  leftPercent: number
  widthPercent: number
  /** Spans under it (all depths), so a collapsed row can say what it hides. */
  descendants: number
  outsideParent: SpanOutsideParent | null
}

export interface WaterfallLayout {
  /** Epoch milliseconds (fractional) of the earliest start. */
  startMs: number
  /** From the earliest start to the latest end of any span. */
  durationMs: number
  rows: WaterfallRow[]
}

export interface LayoutOptions {
  /** Span ids whose subtrees are folded away (the span itself stays). */
  collapsed?: ReadonlySet<string>
  /** Narrowest bar, so a 1 ms span in a 30 s trace stays visible and clickable. */
  minWidthPercent?: number
}

/** Differences below this are float noise from parsing nanosecond times. */
const EPSILON_MS = 0.001

/**
 * How far a child may stick out of its parent before it is flagged: many
 * clocks tick in whole milliseconds, so a 1 ms overhang is rounding, and on
 * a long parent a sliver of its length is not worth a warning either.
 */
export function skewTolerance(parentDurationMs: number): number {
  return Math.max(1, parentDurationMs * 0.005)
}

/**
 * Epoch milliseconds of an ISO 8601 UTC time, keeping the sub-millisecond
 * digits `Date` drops (the API sends nine), since sibling spans often start
 * within the same millisecond. NaN when unparsable.
 */
export function isoToEpochMs(iso: string): number {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/.exec(iso)
  if (!match) return Date.parse(iso)
  const whole = Date.parse(`${match[1]}${match[3]}`)
  const fraction = match[2] ?? ''
  return fraction === '' ? whole : whole + Number(`0.${fraction}`) * 1000
}

interface Timed {
  node: TraceNode
  start: number
  end: number
}

function timesOf(node: TraceNode): Timed {
  const start = isoToEpochMs(node.startTime)
  const parsedEnd = isoToEpochMs(node.endTime)
  // A span with an end before its start (a broken clock or exporter) is drawn as an instant.
  const end = Number.isFinite(parsedEnd) && parsedEnd >= start ? parsedEnd : start
  return { node, start, end }
}

function byStart(a: TraceNode, b: TraceNode): number {
  return a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : 0
}

/** Spans under each span (all depths), in one pass: children come after parents in pre-order. */
function countDescendants(roots: readonly TraceNode[]): Map<TraceNode, number> {
  const order: TraceNode[] = []
  const stack = [...roots]
  while (stack.length > 0) {
    const node = stack.pop()
    if (!node) break
    order.push(node)
    stack.push(...node.children)
  }
  const counts = new Map<TraceNode, number>()
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]
    if (!node) continue
    let count = 0
    for (const child of node.children) count += 1 + (counts.get(child) ?? 0)
    counts.set(node, count)
  }
  return counts
}

export function layoutWaterfall(roots: readonly TraceNode[], options: LayoutOptions = {}): WaterfallLayout {
  const collapsed = options.collapsed ?? new Set<string>()
  const minWidth = options.minWidthPercent ?? 0.4

  const descendants = countDescendants(roots)
  // Bounds over every span, folded ones included, so folding never rescales the bars.
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  const stack = [...roots]
  while (stack.length > 0) {
    const node = stack.pop()
    if (!node) break
    const { start, end } = timesOf(node)
    if (Number.isFinite(start)) first = Math.min(first, start)
    if (Number.isFinite(end)) last = Math.max(last, end)
    stack.push(...node.children)
  }
  if (!Number.isFinite(first)) return { startMs: 0, durationMs: 0, rows: [] }
  const total = Math.max(0, last - first)

  const rows: WaterfallRow[] = []
  // Iterative depth-first walk: a deep trace cannot overflow the stack.
  const pending: Array<{ node: TraceNode; depth: number; parent: Timed | null }> = [...roots]
    .sort(byStart)
    .reverse()
    .map((node) => ({ node, depth: 0, parent: null }))
  while (pending.length > 0) {
    const item = pending.pop()
    if (!item) break
    const timed = timesOf(item.node)
    const offset = Number.isFinite(timed.start) ? timed.start - first : 0
    const duration = timed.end - timed.start
    const width = total > 0 ? Math.max(minWidth, (duration / total) * 100) : minWidth
    const left = total > 0 ? Math.min((offset / total) * 100, 100 - width) : 0
    rows.push({
      node: item.node,
      parent: item.parent?.node ?? null,
      depth: item.depth,
      offsetMs: offset,
      durationMs: duration,
      leftPercent: Math.max(0, left),
      widthPercent: Math.min(100, width),
      descendants: descendants.get(item.node) ?? 0,
      outsideParent: item.parent ? outsideOf(timed, item.parent) : null,
    })
    if (collapsed.has(item.node.spanId)) continue
    const children = [...item.node.children].sort(byStart)
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]
      if (child) pending.push({ node: child, depth: item.depth + 1, parent: timed })
    }
  }
  return { startMs: first, durationMs: total, rows }
}

function outsideOf(child: Timed, parent: Timed): SpanOutsideParent | null {
  const tolerance = skewTolerance(parent.end - parent.start)
  const beforeMs = parent.start - child.start > tolerance ? parent.start - child.start : 0
  const afterMs = child.end - parent.end > tolerance ? child.end - parent.end : 0
  return beforeMs > 0 || afterMs > 0 ? { beforeMs, afterMs } : null
}

/** "starts 30 ms before its parent", "ends 1.20 s after its parent", or both. */
export function describeOutsideParent(outside: SpanOutsideParent): string {
  const parts: string[] = []
  if (outside.beforeMs > 0) parts.push(`starts ${formatMs(outside.beforeMs)} before its parent`)
  if (outside.afterMs > 0) parts.push(`ends ${formatMs(outside.afterMs)} after its parent`)
  return parts.join(', ')
}

export interface AxisTick {
  ms: number
  percent: number
}

/**
 * Gridline positions at round steps (1, 2 or 5 × a power of ten ms), at most
 * `maxTicks` of them after 0, so the axis reads "0, 500 ms, 1 s, 1.5 s".
 */
export function axisTicks(durationMs: number, maxTicks = 5): AxisTick[] {
  if (!(durationMs > 0)) return [{ ms: 0, percent: 0 }]
  const rough = durationMs / maxTicks
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? rough
  const ticks: AxisTick[] = []
  for (let i = 0; i * step <= durationMs + EPSILON_MS; i++) {
    // toPrecision drops float noise (0.6000000000000001 → 0.6).
    const ms = Number((i * step).toPrecision(12))
    ticks.push({ ms, percent: (ms / durationMs) * 100 })
  }
  return ticks
}
