import { describe, expect, it } from 'vitest'
import type { OtlpLogRecord, OtlpResource, OtlpSpan } from '../otlp/otlp-types.js'
import { LimitsApplier } from './apply-limits.js'
import { defaultAttributeLimits } from './attribute-limits.js'

const limits = {
  ...defaultAttributeLimits,
  maxAttributes: 2,
  maxValueBytes: 8,
  maxContentBytes: 16,
  maxEvents: 1,
}

function makeSpan(resource: OtlpResource, attributes: OtlpSpan['attributes']): OtlpSpan {
  return {
    traceId: '01'.repeat(16),
    spanId: '02'.repeat(8),
    parentSpanId: '',
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
    attributes,
    droppedAttributesCount: 1,
    events: [
      { name: 'a', timeUnixNano: '1', attributes: {} },
      { name: 'b', timeUnixNano: '1', attributes: {} },
    ],
    statusCode: 0,
    statusMessage: '',
    resource,
    scope: { name: '', version: '' },
  }
}

describe('LimitsApplier', () => {
  it('marks a capped span with what was cut, and caps a shared resource once', () => {
    const resource = { attributes: { 'service.name': 'a-very-long-service-name' } }
    const applier = new LimitsApplier(limits)
    const spans = [
      makeSpan(resource, { a: 'x'.repeat(20), b: 1, c: 2 }),
      { ...makeSpan(resource, { a: 'ok' }), events: [] },
    ]
    applier.spans(spans)
    expect(spans[0]?.attributes).toEqual({
      a: 'x'.repeat(8),
      b: 1,
      'vigil.truncated_attributes': 1,
      'vigil.dropped_attributes': 1,
      'vigil.dropped_events': 1,
    })
    expect(spans[0]?.events.map((e) => e.name)).toEqual(['a'])
    expect(spans[0]?.droppedAttributesCount).toBe(2)
    expect(spans[1]?.attributes).toEqual({ a: 'ok' })
    expect(resource.attributes['service.name']).toBe('a-very-l')
    // a and the resource's service.name truncated; c dropped.
    expect(applier.tally).toEqual({ truncated: 2, dropped: 1 })
  })

  it('gives log bodies the content allowance', () => {
    const record: OtlpLogRecord = {
      timeUnixNano: '1',
      observedTimeUnixNano: '1',
      severityNumber: 9,
      severityText: 'INFO',
      body: { text: 'y'.repeat(100) },
      attributes: {},
      traceId: '',
      spanId: '',
      eventName: 'e',
      resource: { attributes: {} },
      scope: { name: '', version: '' },
    }
    const applier = new LimitsApplier(limits)
    applier.logRecords([record])
    expect(record.body).toBe('{"text":"yyyyyyy')
    expect(record.attributes).toEqual({ 'vigil.truncated_attributes': 1 })
  })
})
