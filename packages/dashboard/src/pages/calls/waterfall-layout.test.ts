import { describe, expect, it } from 'vitest'
import type { TraceNode } from './call-types.js'
import {
  axisTicks,
  describeOutsideParent,
  isoToEpochMs,
  layoutWaterfall,
  skewTolerance,
} from './waterfall-layout.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')

/** A span starting `startMs` after T0 and lasting `durationMs`, with nanosecond ISO times as the API sends. */
function makeSpan(
  spanId: string,
  startMs: number,
  durationMs: number,
  children: TraceNode[] = [],
  kind: 'llm' | 'span' = 'span',
): TraceNode {
  const iso = (ms: number) => {
    const whole = Math.floor(ms)
    const nanos = Math.round((ms - whole) * 1e6)
    return `${new Date(T0 + whole).toISOString().slice(0, -1)}${String(nanos).padStart(6, '0')}Z`
  }
  return {
    spanId,
    parentSpanId: null,
    kind,
    name: spanId,
    serviceName: 'app',
    startTime: iso(startMs),
    endTime: iso(startMs + durationMs),
    durationMs,
    status: 'ok',
    call: null,
    span: null,
    children,
  }
}

describe('isoToEpochMs', () => {
  it('keeps the sub-millisecond digits a Date drops', () => {
    expect(isoToEpochMs('2026-01-01T00:00:00.000250000Z') - T0).toBeCloseTo(0.25, 6)
    expect(isoToEpochMs('2026-01-01T00:00:01.123456789Z') - T0).toBeCloseTo(1123.456789, 5)
  })

  it('reads times without a fraction and is NaN for garbage', () => {
    expect(isoToEpochMs('2026-01-01T00:00:00Z')).toBe(T0)
    expect(isoToEpochMs('yesterday')).toBeNaN()
  })
})

describe('layoutWaterfall', () => {
  it('lists spans depth-first with siblings by start, indented by depth', () => {
    const trace = [
      makeSpan('root', 0, 1000, [
        makeSpan('late', 600, 100),
        makeSpan('early', 100, 300, [makeSpan('leaf', 150, 50)]),
      ]),
    ]
    const rows = layoutWaterfall(trace).rows
    expect(rows.map((row) => [row.node.spanId, row.depth])).toEqual([
      ['root', 0],
      ['early', 1],
      ['leaf', 2],
      ['late', 1],
    ])
    expect(rows.map((row) => row.parent?.spanId ?? null)).toEqual([null, 'root', 'early', 'root'])
    expect(rows[0]?.descendants).toBe(3)
  })

  it('places each bar by its start and length relative to the whole trace', () => {
    const layout = layoutWaterfall([makeSpan('root', 0, 2000, [makeSpan('child', 500, 1000)])])
    expect(layout.durationMs).toBeCloseTo(2000)
    const child = layout.rows[1]
    expect(child?.offsetMs).toBeCloseTo(500)
    expect(child?.leftPercent).toBeCloseTo(25)
    expect(child?.widthPercent).toBeCloseTo(50)
  })

  it('measures the trace from the earliest start to the latest end, whichever span has them', () => {
    // A child that starts before and ends after its parent widens the trace.
    const layout = layoutWaterfall([makeSpan('root', 100, 1000, [makeSpan('skewed', 0, 1300)])])
    expect(layout.durationMs).toBeCloseTo(1300)
    const [root, skewed] = layout.rows
    expect(root?.leftPercent).toBeCloseTo((100 / 1300) * 100)
    expect(skewed?.leftPercent).toBe(0)
    expect(skewed?.widthPercent).toBeCloseTo(100)
  })

  it('flags children outside their parent (clock skew) and says by how much', () => {
    const rows = layoutWaterfall([
      makeSpan('root', 30, 1000, [makeSpan('early', 0, 500), makeSpan('late', 900, 230)]),
    ]).rows
    expect(rows[0]?.outsideParent).toBeNull()
    expect(rows[1]?.outsideParent?.beforeMs).toBeCloseTo(30)
    expect(rows[1]?.outsideParent?.afterMs).toBe(0)
    expect(rows[2]?.outsideParent?.afterMs).toBeCloseTo(100)
    expect(describeOutsideParent({ beforeMs: 30, afterMs: 100 })).toBe(
      'starts 30 ms before its parent, ends 100 ms after its parent',
    )
  })

  it('does not flag a 1 ms overhang, which is clock rounding', () => {
    const rows = layoutWaterfall([makeSpan('root', 0, 100, [makeSpan('child', 10, 91)])]).rows
    expect(rows[1]?.outsideParent).toBeNull()
    expect(skewTolerance(100)).toBe(1)
    expect(skewTolerance(10_000)).toBe(50)
  })

  it('keeps tiny spans visible and bars inside the track', () => {
    const layout = layoutWaterfall([makeSpan('root', 0, 10_000, [makeSpan('blip', 10_000, 0)])], {
      minWidthPercent: 0.5,
    })
    const blip = layout.rows[1]
    expect(blip?.widthPercent).toBe(0.5)
    expect((blip?.leftPercent ?? 0) + (blip?.widthPercent ?? 0)).toBeLessThanOrEqual(100)
  })

  it('folds collapsed subtrees without rescaling the rest', () => {
    const trace = [
      makeSpan('root', 0, 100, [makeSpan('a', 0, 50, [makeSpan('a1', 0, 500)]), makeSpan('b', 50, 50)]),
    ]
    const open = layoutWaterfall(trace)
    const folded = layoutWaterfall(trace, { collapsed: new Set(['a']) })
    expect(folded.rows.map((row) => row.node.spanId)).toEqual(['root', 'a', 'b'])
    expect(folded.durationMs).toBe(open.durationMs)
    expect(folded.rows.find((row) => row.node.spanId === 'a')?.descendants).toBe(1)
  })

  it('draws a span whose end is before its start as an instant', () => {
    const broken = { ...makeSpan('broken', 100, 0), endTime: '2026-01-01T00:00:00.050000000Z' }
    const layout = layoutWaterfall([makeSpan('root', 0, 200, [broken])])
    expect(layout.rows[1]?.durationMs).toBe(0)
  })

  it('handles several roots, a zero-length trace and no spans', () => {
    expect(
      layoutWaterfall([makeSpan('b', 10, 5), makeSpan('a', 0, 5)]).rows.map((r) => r.node.spanId),
    ).toEqual(['a', 'b'])
    const instant = layoutWaterfall([makeSpan('only', 0, 0)])
    expect(instant.durationMs).toBe(0)
    expect(instant.rows[0]?.leftPercent).toBe(0)
    expect(layoutWaterfall([])).toEqual({ startMs: 0, durationMs: 0, rows: [] })
  })

  it('lays out a very deep trace without overflowing the stack', () => {
    let node = makeSpan('s5000', 0, 1)
    for (let i = 4999; i >= 0; i--) node = makeSpan(`s${i}`, 0, 1, [node])
    const rows = layoutWaterfall([node], { collapsed: new Set() }).rows
    expect(rows).toHaveLength(5001)
    expect(rows.at(-1)?.depth).toBe(5000)
  })
})

describe('axisTicks', () => {
  it('puts gridlines at round steps across the trace', () => {
    expect(axisTicks(2070).map((tick) => tick.ms)).toEqual([0, 500, 1000, 1500, 2000])
    expect(axisTicks(3330).map((tick) => tick.ms)).toEqual([0, 1000, 2000, 3000])
    expect(axisTicks(1).map((tick) => tick.ms)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
  })

  it('gives positions as percentages of the trace', () => {
    const ticks = axisTicks(2000)
    expect(ticks.at(-1)).toEqual({ ms: 2000, percent: 100 })
    expect(axisTicks(0)).toEqual([{ ms: 0, percent: 0 }])
  })
})
