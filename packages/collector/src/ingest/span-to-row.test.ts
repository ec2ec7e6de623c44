import { describe, expect, it } from 'vitest'
import { spanToRow } from './span-to-row.js'
import { makeSpan, START } from './testing/make-span.js'

describe('spanToRow', () => {
  it('keeps the span whole: ids, kind, status, scope, events as JSON and attributes as strings', () => {
    const row = spanToRow(
      makeSpan({
        name: 'retrieve documents',
        kind: 1,
        parentSpanId: 'aaaaaaaaaaaaaaaa',
        statusCode: 2,
        statusMessage: 'index offline',
        attributes: { 'db.system': 'qdrant', 'retrieval.top_k': 5, tags: ['a', 'b'] },
        events: [
          { name: 'exception', timeUnixNano: '42', attributes: { 'exception.type': 'Timeout', attempt: 2 } },
        ],
        scope: 'my-app',
      }),
      'p1',
    )
    expect(row).toEqual({
      project_id: 'p1',
      start_time: START.toString(),
      end_time: (START + 1_234_500_000n).toString(),
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
      parent_span_id: 'aaaaaaaaaaaaaaaa',
      name: 'retrieve documents',
      kind: 1,
      service_name: 'support-bot',
      duration_ms: 1234.5,
      status_code: 2,
      status_message: 'index offline',
      scope_name: 'my-app',
      events: JSON.stringify([
        { name: 'exception', timeUnixNano: '42', attributes: { 'exception.type': 'Timeout', attempt: 2 } },
      ]),
      attributes: { 'db.system': 'qdrant', 'retrieval.top_k': '5', tags: '["a","b"]' },
      resource_attributes: { 'service.name': 'support-bot' },
    })
  })

  it('names a span without service.name as the OpenTelemetry default does', () => {
    expect(spanToRow(makeSpan({ resource: {} }), 'p1').service_name).toBe('unknown_service')
  })
})
