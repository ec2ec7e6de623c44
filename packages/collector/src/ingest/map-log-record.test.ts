import { describe, expect, it } from 'vitest'
import { mapLogRecord } from './map-log-record.js'
import { makeLogRecord, START } from './testing/make-span.js'

function mapLog(record: ReturnType<typeof makeLogRecord>) {
  const mapped = mapLogRecord(record, 'p1', '999')
  if (mapped.kind !== 'log') throw new Error(`expected a log, got ${mapped.reason}`)
  return mapped.log
}

describe('mapLogRecord', () => {
  it('maps a GenAI event with a structured body, JSON-encoding the body', () => {
    const body = { 'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }] }
    const log = mapLog(
      makeLogRecord({
        eventName: 'gen_ai.client.inference.operation.details',
        body,
        attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 3 },
      }),
    )
    expect(log).toEqual({
      project_id: 'p1',
      time: START.toString(),
      observed_time: (START + 1_000n).toString(),
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
      severity_number: 9,
      severity_text: 'INFO',
      event_name: 'gen_ai.client.inference.operation.details',
      service_name: 'support-bot',
      body: JSON.stringify(body),
      attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': '3' },
      resource_attributes: { 'service.name': 'support-bot' },
    })
  })

  it('keeps string bodies as they are and reads the event name from the event.name attribute of older SDKs', () => {
    const log = mapLog(makeLogRecord({ body: 'plain text', attributes: { 'event.name': 'vigil.signal' } }))
    expect(log).toMatchObject({ body: 'plain text', event_name: 'vigil.signal' })
    expect(mapLog(makeLogRecord({ body: null, attributes: { a: 1 } })).body).toBe('')
    expect(mapLog(makeLogRecord({ body: 42 })).body).toBe('42')
  })

  it('falls back to the observed time, then to the time the collector received the record', () => {
    expect(mapLog(makeLogRecord({ timeUnixNano: '0' }))).toMatchObject({
      time: (START + 1_000n).toString(),
      observed_time: (START + 1_000n).toString(),
    })
    expect(mapLog(makeLogRecord({ timeUnixNano: '0', observedTimeUnixNano: '0' }))).toMatchObject({
      time: '999',
      observed_time: '999',
    })
  })

  it('rejects a record that carries nothing', () => {
    expect(mapLogRecord(makeLogRecord({ body: null }), 'p1')).toEqual({
      kind: 'invalid',
      reason: 'log record has no body, attributes or event name',
    })
  })
})
