import { describe, expect, it } from 'vitest'
import { callListClause } from './call-list-filter.js'

const window = {
  projectId: 'p1',
  from: new Date('2024-01-01T00:00:00Z'),
  to: new Date('2024-01-02T00:00:00Z'),
}

describe('callListClause', () => {
  it('always binds project and window', () => {
    const { where, params } = callListClause(window)
    expect(where).toBe(
      "project_id = {projectId:String} AND start_time >= fromUnixTimestamp64Nano({fromNs:Int64}, 'UTC') " +
        "AND start_time < fromUnixTimestamp64Nano({toNs:Int64}, 'UTC')",
    )
    expect(params).toEqual({ projectId: 'p1', fromNs: '1704067200000000000', toNs: '1704153600000000000' })
  })

  it('passes every filter value as a parameter, never as SQL text', () => {
    const hostile = "' OR 1=1 -- {projectId:String}"
    const { where, params } = callListClause({
      ...window,
      useCase: hostile,
      model: hostile,
      provider: hostile,
      environment: hostile,
      promptVersion: hostile,
      userId: hostile,
      sessionId: hostile,
      subjectId: hostile,
      tag: hostile,
      serviceName: hostile,
      status: 'error',
      minLatencyMs: 100,
      minCostUsd: 0.5,
      fallback: true,
      q: hostile,
      after: { startTimeNs: '1704067200000000000', spanId: '0123456789abcdef', windowFromMs: 0 },
    })
    expect(where).not.toContain(hostile)
    expect(where).not.toContain('OR 1=1')
    expect(where.replaceAll("'UTC'", '')).not.toContain("'")
    expect(Object.values(params).filter((value) => value === hostile)).toHaveLength(11)
    expect(where).toContain('(model = {model:String} OR request_model = {model:String})')
    expect(where).toContain('has(tags, {tag:String})')
    expect(where).toContain('fallback_attempt > 0')
    expect(where).toContain('cost_usd >= {minCostUsd:Float64}')
  })

  it('clamps the window to what DateTime64(9) holds', () => {
    const { params } = callListClause({ ...window, from: new Date('1960-01-01'), to: new Date('9999-12-31') })
    expect(params).toMatchObject({ fromNs: '0', toNs: String(2n ** 63n - 1n) })
  })

  it('continues strictly after the cursor in (start_time DESC, span_id DESC) order', () => {
    const { where, params } = callListClause({
      ...window,
      after: { startTimeNs: '1704067200000000000', spanId: '0123456789abcdef', windowFromMs: 0 },
    })
    expect(where).toContain(
      "(start_time < fromUnixTimestamp64Nano({afterTime:Int64}, 'UTC') OR span_id < {afterSpanId:String})",
    )
    expect(params).toMatchObject({ afterTime: '1704067200000000000', afterSpanId: '0123456789abcdef' })
  })

  it('asks for calls outside any chain with fallback=false', () => {
    expect(callListClause({ ...window, fallback: false }).where).toContain('fallback_attempt = 0')
  })
})
