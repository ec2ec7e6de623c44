import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { decodeMetricsRequest } from './decode-metrics-request.js'
import { OtlpDecodeError } from './otlp-decode-error.js'
import { otlpProto } from './otlp-proto.js'

const kv = (key: string, value: object) => ({ key, value })
const START = '1700000000000000000'
const TIME = '1700000060000000000'

/** `gen_ai.client.token.usage` as the semantic conventions define it: a histogram per token type. */
function makeTokenUsage() {
  return {
    name: 'gen_ai.client.token.usage',
    unit: '{token}',
    histogram: {
      aggregationTemporality: 2,
      dataPoints: [
        {
          attributes: [kv('gen_ai.token.type', { stringValue: 'input' })],
          startTimeUnixNano: START,
          timeUnixNano: TIME,
          count: '3',
          sum: 1500,
          min: 100,
          max: 900,
          explicitBounds: [1, 4, 16, 64, 256, 1024],
          bucketCounts: ['0', '0', '0', '0', '1', '2', '0'],
        },
      ],
    },
  }
}

function makeCounter() {
  return {
    name: 'vigil.test.requests',
    sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ timeUnixNano: TIME, asInt: '7' }] },
  }
}

function encodeMetricsRequest(metrics: object[]): Uint8Array {
  const request = otlpProto.metricsRequest.fromObject({
    resourceMetrics: [
      {
        resource: { attributes: [kv('service.name', { stringValue: 'demo' })] },
        scopeMetrics: [{ metrics }],
      },
    ],
  })
  return otlpProto.metricsRequest.encode(request).finish()
}

const jsonBody = (metrics: object[]) =>
  Buffer.from(
    JSON.stringify({
      resourceMetrics: [
        {
          resource: { attributes: [kv('service.name', { stringValue: 'demo' })] },
          scopeMetrics: [{ metrics }],
        },
      ],
    }),
  )

const expectedTokenUsage = {
  name: 'gen_ai.client.token.usage',
  unit: '{token}',
  kind: 'histogram',
  startTimeUnixNano: START,
  timeUnixNano: TIME,
  attributes: { 'gen_ai.token.type': 'input' },
  value: 1500,
  count: 3,
  min: 100,
  max: 900,
  explicitBounds: [1, 4, 16, 64, 256, 1024],
  bucketCounts: [0, 0, 0, 0, 1, 2, 0],
  aggregationTemporality: 2,
  isMonotonic: false,
  resource: { attributes: { 'service.name': 'demo' } },
}
const expectedCounter = {
  name: 'vigil.test.requests',
  kind: 'sum',
  value: 7,
  count: null,
  aggregationTemporality: 1,
  isMonotonic: true,
}

describe('decodeMetricsRequest', () => {
  it('decodes histogram and sum points from protobuf, one entry per data point', () => {
    const points = decodeMetricsRequest(encodeMetricsRequest([makeTokenUsage(), makeCounter()]), 'protobuf')
    expect(points).toHaveLength(2)
    expect(points[0]).toMatchObject(expectedTokenUsage)
    expect(points[1]).toMatchObject(expectedCounter)
  })

  it('decodes the same points from OTLP/JSON', () => {
    const points = decodeMetricsRequest(jsonBody([makeTokenUsage(), makeCounter()]), 'json')
    expect(points[0]).toMatchObject(expectedTokenUsage)
    expect(points[1]).toMatchObject(expectedCounter)
  })

  it('decodes gauge, exponential histogram and summary points', () => {
    const metrics = [
      { name: 'g', gauge: { dataPoints: [{ asDouble: 0.5 }] } },
      {
        name: 'e',
        exponentialHistogram: {
          aggregationTemporality: 1,
          dataPoints: [{ attributes: [kv('k', { stringValue: 'v' })], count: '2', sum: 3, min: 1, max: 2 }],
        },
      },
      { name: 's', summary: { dataPoints: [{ count: '4', sum: 10 }] } },
      { name: 'no data' },
    ]
    for (const format of ['protobuf', 'json'] as const) {
      const body = format === 'json' ? jsonBody(metrics) : encodeMetricsRequest(metrics)
      const points = decodeMetricsRequest(body, format)
      expect(points.map((p) => [p.name, p.kind, p.value, p.count, p.min, p.max, p.attributes])).toEqual([
        ['g', 'gauge', 0.5, null, null, null, {}],
        ['e', 'exponentialHistogram', 3, 2, 1, 2, { k: 'v' }],
        ['s', 'summary', 10, 4, null, null, {}],
      ])
    }
  })

  it('reads histogram buckets sent unpacked as well as packed', () => {
    // HistogramDataPoint: count = 4, bucket_counts = 6 and explicit_bounds = 7, one element per field.
    const point = protobuf.Writer.create()
      .uint32((4 << 3) | 1)
      .fixed64(3)
      .uint32((6 << 3) | 1)
      .fixed64(1)
      .uint32((6 << 3) | 1)
      .fixed64(2)
      .uint32((7 << 3) | 1)
      .double(10)
      .finish()
    const histogram = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(point)
      .finish()
    const metric = protobuf.Writer.create()
      .uint32((9 << 3) | 2)
      .bytes(histogram)
      .uint32((1 << 3) | 2)
      .string('late.name')
      .finish()
    const scopeMetrics = protobuf.Writer.create()
      .uint32((2 << 3) | 2)
      .bytes(metric)
      .finish()
    const resourceMetrics = protobuf.Writer.create()
      .uint32((2 << 3) | 2)
      .bytes(scopeMetrics)
      .finish()
    const body = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(resourceMetrics)
      .finish()
    expect(decodeMetricsRequest(body, 'protobuf')).toMatchObject([
      {
        name: 'late.name',
        kind: 'histogram',
        count: 3,
        bucketCounts: [1, 2],
        explicitBounds: [10],
        value: null,
      },
    ])
  })

  it('treats an empty body as an empty request', () => {
    expect(decodeMetricsRequest(new Uint8Array(0), 'protobuf')).toEqual([])
  })

  it('rejects a data point of the wrong shape, saying where it is', () => {
    const body = jsonBody([{ name: 'g', gauge: { dataPoints: [{ asDouble: 'lots' }] } }])
    expect(() => decodeMetricsRequest(body, 'json')).toThrow(OtlpDecodeError)
    expect(() => decodeMetricsRequest(body, 'json')).toThrow(
      /metrics\[0\]\.dataPoints\[0\]: asDouble must be a number/,
    )
  })
})
