import { describe, expect, it } from 'vitest'
import type { LogRow } from './log-row.js'
import type { SpanRow } from './span-row.js'
import { checkLogRow, checkSpanRow, isStorableTime } from './storable-rows.js'

const NOW = '1795674782874000000'

describe('storable rows', () => {
  it('accepts only times DateTime64(9) reads as nanoseconds', () => {
    expect(isStorableTime(NOW)).toBe(true)
    expect(isStorableTime('1000000000000000000')).toBe(true)
    expect(isStorableTime('9223372036854775807')).toBe(true)
    for (const bad of [
      '0',
      '2',
      '99999999',
      '946684800000000000',
      '9223372036854775808',
      '18446744073709551615',
      '0123456789012345678',
      '',
    ]) {
      expect(isStorableTime(bad), bad).toBe(false)
    }
  })

  it('turns out-of-range enums into "unspecified" and rejects unstorable times', () => {
    const span = { name: 's', start_time: NOW, end_time: NOW, kind: -1, status_code: 99 } as SpanRow
    expect(checkSpanRow(span)).toBeUndefined()
    expect(span).toMatchObject({ kind: 0, status_code: 0 })
    expect(checkSpanRow({ ...span, start_time: '0' })).toMatch(/start or end time outside/)
    const log = { time: NOW, observed_time: NOW, severity_number: -1 } as LogRow
    expect(checkLogRow(log)).toBeUndefined()
    expect(log.severity_number).toBe(0)
    expect(checkLogRow({ ...log, time: '18446744073709551615' })).toMatch(/time outside/)
  })
})
