import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decodeLogsRequest } from '../packages/collector/src/otlp/decode-logs-request.js'
import { attr, makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { type Json, useTestCollector } from '../packages/collector/src/testing/test-collector.js'
import { encodeLogsRequest } from '../packages/sdk/src/exporter/otlp-logs-encoder.js'
import { makeJsonLogRecord, makeJsonLogsRequest, toProtobuf } from './support/otlp-fixtures.js'

/**
 * Signals as OpenTelemetry data, from any sender: log records named
 * `vigil.signal.<kind>` on /v1/logs and events of that name on spans, in JSON
 * and protobuf; what the SDK encodes is what the collector reads.
 */
const KEY = 'signals-otlp-key-0123456789'
const collector = useTestCollector({ name: 'signals-otlp', apiKey: KEY, writer: { lingerMs: 5 } })
const since = Date.now() - 60_000

const nanos = (ms: number) => `${ms}000000`

function signalRecord(
  eventName: string,
  attributes: [string, string | number][],
  ids: { traceId?: string; spanId?: string },
) {
  return {
    timeUnixNano: nanos(Date.now()),
    eventName,
    attributes: attributes.map(([key, value]) => attr(key, value)),
    ...ids,
  }
}

async function summary(extra: Record<string, string> = {}): Promise<Json> {
  const query = new URLSearchParams({ from: String(since), to: String(Date.now() + 60_000), ...extra })
  const { status, body } = await collector.get(`/api/v1/metrics/summary?${query}`, KEY)
  expect(status).toBe(200)
  return body
}

async function sendTraces(spans: ReturnType<typeof makeJsonSpan>[], format: 'json' | 'protobuf' = 'json') {
  const request = makeJsonTraceRequest(spans)
  if (format === 'json') return collector.send('POST', '/v1/traces', KEY, request)
  return fetch(`${collector.url}/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-protobuf' },
    body: toProtobuf('traces', request),
  })
}

describe('signals as OTLP log records', () => {
  it('reads what the SDK encodes: event name, time, ids and attributes', () => {
    const traceId = randomBytes(16).toString('hex')
    const spanId = randomBytes(8).toString('hex')
    const body = encodeLogsRequest(
      [
        {
          kind: 'score',
          eventName: 'vigil.signal.score',
          timeMs: 1_750_000_000_123,
          traceId,
          spanId,
          attributes: {
            'vigil.signal.key': 'k-1',
            'vigil.score.name': 'accuracy',
            'vigil.score.value': 0.75,
          },
        },
        {
          kind: 'outcome',
          eventName: 'vigil.signal.outcome',
          timeMs: 1_750_000_000_456,
          traceId: undefined,
          spanId: undefined,
          attributes: { 'vigil.signal.key': 'k-2', 'vigil.subject_id': 'T-1', 'vigil.outcome.value': 3 },
        },
      ],
      { attributes: { 'service.name': 'support-app' }, scopeName: 'vigil', scopeVersion: '0.1.0' },
    )
    const [score, outcome] = decodeLogsRequest(body, 'protobuf')
    expect(score).toMatchObject({
      eventName: 'vigil.signal.score',
      timeUnixNano: '1750000000123000000',
      traceId,
      spanId,
      severityNumber: 9,
      attributes: { 'vigil.signal.key': 'k-1', 'vigil.score.name': 'accuracy', 'vigil.score.value': 0.75 },
      resource: { attributes: { 'service.name': 'support-app' } },
    })
    expect(outcome).toMatchObject({
      eventName: 'vigil.signal.outcome',
      traceId: '',
      spanId: '',
      attributes: { 'vigil.subject_id': 'T-1', 'vigil.outcome.value': 3 },
    })
  })

  it('stores records from any sender, counts a re-sent one once without a key, and refuses unusable ones', async () => {
    const call = makeJsonSpan({ startMs: Date.now() - 5000, useCase: 'logs-path' })
    expect((await sendTraces([call])).status).toBe(200)
    const ids = { traceId: call.traceId, spanId: call.spanId }
    const request = makeJsonLogsRequest([
      signalRecord('vigil.signal.feedback', [['vigil.feedback.rating', 4]], ids),
      signalRecord('vigil.signal.correction', [['vigil.correction.change_ratio', 0.2]], ids),
      // No thumb nor rating; and a kind Vigil does not know: refused, as partial success.
      signalRecord('vigil.signal.feedback', [['vigil.feedback.comment', 'meh']], ids),
      signalRecord('vigil.signal.applause', [], ids),
      // A plain log record still goes to the logs.
      makeJsonLogRecord({ body: 'hello' }),
    ])
    for (let attempt = 0; attempt < 2; attempt++) {
      const { status, body } = await collector.call('POST', '/v1/logs', KEY, request)
      expect(status).toBe(200)
      expect(body.partialSuccess).toMatchObject({
        rejectedLogRecords: '2',
        errorMessage: expect.stringMatching(
          /feedback signal: needs vigil\.feedback\.thumb.*unknown signal "vigil\.signal\.applause"/,
        ),
      })
    }
    const s = await summary({ useCase: 'logs-path' })
    expect(s.feedback).toMatchObject({ count: 1, ratings: 1, meanRating: 4 })
    expect(s.corrections).toMatchObject({ count: 1, rate: 1, meanSize: 0.2 })
    const logs = await collector.store.client.query({
      query: `SELECT count() AS n FROM ${collector.store.table('logs')} WHERE body = 'hello'`,
      format: 'JSONEachRow',
    })
    expect((await logs.json<{ n: string | number }>()).map((row) => Number(row.n))).toEqual([1])
  })

  it('takes protobuf log records too, naming calls by subject only', async () => {
    const call = makeJsonSpan({
      startMs: Date.now() - 5000,
      useCase: 'proto-path',
      extra: { 'vigil.subject_id': 'P-1' },
    })
    expect((await sendTraces([call])).status).toBe(200)
    const request = makeJsonLogsRequest([
      signalRecord(
        'vigil.signal.escalation',
        [
          ['vigil.subject_id', 'P-1'],
          ['vigil.escalation.reason', 'refund > $500'],
          ['vigil.signal.key', 'P-1:esc'],
        ],
        {},
      ),
    ])
    const response = await fetch(`${collector.url}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-protobuf' },
      body: toProtobuf('logs', request),
    })
    expect(response.status).toBe(200)
    expect((await summary({ useCase: 'proto-path' })).escalations).toEqual({ count: 1, calls: 1, rate: 1 })
  })
})

describe('signals as span events', () => {
  it('stores a vigil.signal.* event as a signal about its span, once however often the span is sent', async () => {
    const call = makeJsonSpan({ startMs: Date.now() - 5000, useCase: 'events-path' })
    const withEvents = {
      ...call,
      events: [
        {
          timeUnixNano: nanos(Date.now() - 4000),
          name: 'vigil.signal.score',
          attributes: [
            attr('vigil.score.name', 'json_valid'),
            attr('vigil.score.value', 1),
            attr('vigil.score.source', 'rule'),
          ],
        },
        // Unusable (no value): dropped; the span is stored all the same.
        {
          timeUnixNano: nanos(Date.now() - 4000),
          name: 'vigil.signal.score',
          attributes: [attr('vigil.score.name', 'x')],
        },
        { timeUnixNano: nanos(Date.now() - 4000), name: 'exception', attributes: [] },
      ],
    }
    expect((await sendTraces([withEvents], 'json')).status).toBe(200)
    expect((await sendTraces([withEvents], 'protobuf')).status).toBe(200)
    const s = await summary({ useCase: 'events-path' })
    expect(s.calls).toBe(1)
    expect(s.scores).toEqual({ json_valid: { count: 1, mean: 1 } })
  })
})
