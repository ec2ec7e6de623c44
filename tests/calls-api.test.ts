import { randomBytes } from 'node:crypto'
import { flush, init, observe, shutdown, withContext, withFallback } from '@vigil/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Json, useTestCollector } from '../packages/collector/src/testing/test-collector.js'

// Real OTLP into a real collector, read back through GET /api/v1/calls, /calls/:spanId and /traces/:traceId.
const KEY = 'calls-api-key-0123456789abcdef' // project "default", every scope
const OTHER = 'calls-api-other-key-0123456789' // project "other"
const collector = useTestCollector({
  name: 'calls-api',
  apiKey: KEY,
  writer: { lingerMs: 5 },
  keys: [{ key: OTHER, projectId: 'other', scopes: ['ingest', 'read'] }],
})

beforeAll(() => {
  init({ endpoint: collector.url, apiKey: KEY, serviceName: 'calls-api-sdk', captureContent: true })
})

afterAll(async () => {
  await shutdown()
})

type AttributeValue = string | number | boolean | string[]

const newTraceId = () => randomBytes(16).toString('hex')
const newSpanId = () => randomBytes(8).toString('hex')
const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000

function otlpValue(value: AttributeValue): Json {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } }
  if (typeof value === 'string') return { stringValue: value }
  if (typeof value === 'boolean') return { boolValue: value }
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value }
}

interface SpanSpec {
  traceId?: string
  spanId?: string
  parentSpanId?: string
  name?: string
  /** OTLP SpanKind; CLIENT by default. */
  kind?: number
  startMs: number
  /** Added to startMs, to place spans within one millisecond. */
  startExtraNs?: number
  durationMs?: number
  /** OTLP status code: 2 is error. */
  statusCode?: number
  attributes?: Record<string, AttributeValue>
}

function otlpSpan(spec: SpanSpec): Json {
  const start = BigInt(spec.startMs) * 1_000_000n + BigInt(spec.startExtraNs ?? 0)
  const end = start + BigInt(Math.round((spec.durationMs ?? 100) * 1_000_000))
  return {
    traceId: spec.traceId ?? newTraceId(),
    spanId: spec.spanId ?? newSpanId(),
    ...(spec.parentSpanId ? { parentSpanId: spec.parentSpanId } : {}),
    name: spec.name ?? 'span',
    kind: spec.kind ?? 3,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: end.toString(),
    attributes: Object.entries(spec.attributes ?? {}).map(([key, value]) => ({
      key,
      value: otlpValue(value),
    })),
    status: spec.statusCode ? { code: spec.statusCode } : {},
  }
}

interface CallSpec extends Omit<SpanSpec, 'name'> {
  model?: string
  provider?: string
  useCase?: string
  inputTokens?: number
  outputTokens?: number
  errorType?: string
}

/** A GenAI model call span; `vigil.*` and other names go in `attributes`. */
function callSpan(spec: CallSpec): Json {
  const model = spec.model ?? 'gpt-4o'
  const attributes: Record<string, AttributeValue> = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': spec.provider ?? 'openai',
    'gen_ai.request.model': model,
    ...(spec.useCase ? { 'vigil.use_case': spec.useCase } : {}),
    ...(spec.inputTokens !== undefined ? { 'gen_ai.usage.input_tokens': spec.inputTokens } : {}),
    ...(spec.outputTokens !== undefined ? { 'gen_ai.usage.output_tokens': spec.outputTokens } : {}),
    ...(spec.errorType ? { 'error.type': spec.errorType } : {}),
    ...spec.attributes,
  }
  return otlpSpan({
    ...spec,
    name: `chat ${model}`,
    attributes,
    statusCode: spec.errorType ? 2 : spec.statusCode,
  })
}

async function ingest(spans: Json[], options: { service?: string; scope?: string; key?: string } = {}) {
  const body = {
    resourceSpans: [
      {
        resource: {
          attributes: [{ key: 'service.name', value: { stringValue: options.service ?? 'calls-app' } }],
        },
        scopeSpans: [{ scope: { name: options.scope ?? 'test' }, spans }],
      },
    ],
  }
  const response = await collector.send('POST', '/v1/traces', options.key ?? KEY, body)
  expect(response.status).toBe(200)
  expect(await response.json()).not.toHaveProperty('partialSuccess.rejectedSpans')
}

const get = (path: string, key = KEY) => collector.get(path, key)

async function list(query: Record<string, string>, key = KEY): Promise<Json> {
  const { status, body } = await get(`/api/v1/calls?${new URLSearchParams(query)}`, key)
  expect(status, JSON.stringify(body)).toBe(200)
  return body
}

async function listIds(query: Record<string, string>): Promise<string[]> {
  return (await list(query)).calls.map((call: Json) => call.spanId)
}

describe('GET /api/v1/calls', () => {
  it('lists calls newest first with their summary fields', async () => {
    const spanIds = [newSpanId(), newSpanId(), newSpanId()]
    const traceId = newTraceId()
    const parentSpanId = newSpanId()
    await ingest([
      callSpan({ spanId: spanIds[0], startMs: minutesAgo(30), useCase: 'list-basic' }),
      callSpan({
        spanId: spanIds[1],
        traceId,
        parentSpanId,
        startMs: minutesAgo(10),
        startExtraNs: 123_456,
        durationMs: 250.5,
        useCase: 'list-basic',
        model: 'gpt-4o-mini',
        inputTokens: 1000,
        outputTokens: 200,
        attributes: {
          'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
          'gen_ai.usage.cache_read.input_tokens': 400,
          'gen_ai.response.time_to_first_chunk': 0.05,
          'vigil.environment': 'production',
          'vigil.prompt_version': 'v7',
          'vigil.user_id': 'user-1',
          'vigil.session_id': 'session-1',
          'vigil.subject_id': 'ticket-1',
          'vigil.tags': ['vip', 'beta'],
          'gen_ai.input.messages': JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content: 'First question' }] },
            { role: 'assistant', parts: [{ type: 'text', content: 'First answer' }] },
            { role: 'user', parts: [{ type: 'text', content: 'Where is\nmy parcel?' }] },
          ]),
          'gen_ai.output.messages': JSON.stringify([
            { role: 'assistant', parts: [{ type: 'text', content: `It ships today. ${'x'.repeat(300)}` }] },
          ]),
        },
      }),
      callSpan({ spanId: spanIds[2], startMs: minutesAgo(20), useCase: 'list-basic', errorType: 'timeout' }),
    ])

    const body = await list({ useCase: 'list-basic' })
    expect(body.calls.map((call: Json) => call.spanId)).toEqual([spanIds[1], spanIds[2], spanIds[0]])
    expect(body.nextCursor).toBeNull()
    const [newest, failed, plain] = body.calls
    expect(newest).toMatchObject({
      traceId,
      parentSpanId,
      durationMs: 250.5,
      ttftMs: 50,
      model: 'gpt-4o-mini-2024-07-18',
      requestModel: 'gpt-4o-mini',
      provider: 'openai',
      useCase: 'list-basic',
      environment: 'production',
      promptVersion: 'v7',
      serviceName: 'calls-app',
      status: 'ok',
      errorType: null,
      tokens: { input: 1000, output: 200, cacheRead: 400, cacheCreation: null, reasoning: null },
      userId: 'user-1',
      sessionId: 'session-1',
      subjectId: 'ticket-1',
      tags: ['vip', 'beta'],
      fallback: null,
      cacheHit: false,
      streamAbandoned: false,
      source: 'otel-genai',
      preview: { input: 'Where is my parcel?' },
    })
    expect(newest.costUsd).toBeGreaterThan(0)
    expect(newest.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}123456Z$/)
    expect(newest.preview.output).toMatch(/^It ships today\. x+…$/)
    expect(Array.from(newest.preview.output as string)).toHaveLength(201)
    expect(failed).toMatchObject({
      status: 'error',
      errorType: 'timeout',
      costUsd: null,
      costBasis: 'unknown',
    })
    expect(failed.tokens).toEqual({
      input: null,
      output: null,
      cacheRead: null,
      cacheCreation: null,
      reasoning: null,
    })
    expect(plain).toMatchObject({
      parentSpanId: null,
      userId: null,
      tags: [],
      preview: { input: null, output: null },
    })
  })

  it('narrows the list with each filter', async () => {
    const useCase = 'filters'
    const ids = { a: newSpanId(), b: newSpanId(), c: newSpanId(), d: newSpanId() }
    await ingest(
      [
        callSpan({
          spanId: ids.a,
          startMs: minutesAgo(40),
          useCase,
          durationMs: 100,
          inputTokens: 1_000_000,
          outputTokens: 0,
          attributes: {
            'vigil.environment': 'production',
            'vigil.prompt_version': 'v1',
            'vigil.user_id': 'u-a',
            'vigil.session_id': 's-a',
            'vigil.subject_id': 't-a',
            'vigil.tags': ['red', 'shared'],
          },
        }),
        callSpan({
          spanId: ids.b,
          startMs: minutesAgo(39),
          useCase,
          model: 'claude-sonnet-4',
          provider: 'anthropic',
          durationMs: 3000,
          errorType: 'rate_limit',
          attributes: {
            'gen_ai.response.model': 'claude-sonnet-4-20250514',
            'vigil.environment': 'staging',
            'vigil.prompt_version': 'v2',
            'vigil.user_id': 'u-b',
            'vigil.session_id': 's-b',
            'vigil.subject_id': 't-b',
            'vigil.tags': ['shared'],
          },
        }),
      ],
      { service: 'svc-one' },
    )
    await ingest(
      [
        callSpan({
          spanId: ids.c,
          startMs: minutesAgo(38),
          useCase,
          model: 'gpt-4o-mini',
          inputTokens: 10,
          outputTokens: 10,
          attributes: {
            'vigil.fallback.attempt': 0,
            'vigil.fallback.step': 'primary',
            'vigil.fallback.served': true,
          },
        }),
        callSpan({ spanId: ids.d, startMs: minutesAgo(60 * 30), useCase }), // outside the default 24 h
      ],
      { service: 'svc-two' },
    )

    const cases: Array<[Record<string, string>, string[]]> = [
      [{}, [ids.c, ids.b, ids.a]],
      [{ from: String(minutesAgo(60 * 31)) }, [ids.c, ids.b, ids.a, ids.d]],
      [{ from: String(minutesAgo(60 * 31)), to: String(minutesAgo(60 * 29)) }, [ids.d]],
      [{ model: 'claude-sonnet-4' }, [ids.b]], // the model asked for
      [{ model: 'claude-sonnet-4-20250514' }, [ids.b]], // the model that answered
      [{ model: 'gpt-4o' }, [ids.a]],
      [{ provider: 'anthropic' }, [ids.b]],
      [{ environment: 'production' }, [ids.a]],
      [{ promptVersion: 'v2' }, [ids.b]],
      [{ userId: 'u-a' }, [ids.a]],
      [{ sessionId: 's-b' }, [ids.b]],
      [{ subjectId: 't-a' }, [ids.a]],
      [{ tag: 'shared' }, [ids.b, ids.a]],
      [{ tag: 'red' }, [ids.a]],
      [{ tag: 're' }, []],
      [{ serviceName: 'svc-two' }, [ids.c]],
      [{ status: 'error' }, [ids.b]],
      [{ status: 'ok' }, [ids.c, ids.a]],
      [{ minLatencyMs: '1000' }, [ids.b]],
      [{ minLatencyMs: '99.5' }, [ids.c, ids.b, ids.a]],
      [{ minCostUsd: '1' }, [ids.a]], // 1M gpt-4o input tokens; unknown costs never match
      [{ minCostUsd: '0' }, [ids.c, ids.a]],
      [{ fallback: 'true' }, [ids.c]],
      [{ fallback: 'false' }, [ids.b, ids.a]],
      [{ provider: 'openai', status: 'ok', serviceName: 'svc-one' }, [ids.a]],
    ]
    for (const [filters, expected] of cases) {
      expect(await listIds({ useCase, ...filters }), JSON.stringify(filters)).toEqual(expected)
    }
    expect(await listIds({ useCase: 'no-such-use-case' })).toEqual([])
    const [fallbackCall] = (await list({ useCase, fallback: 'true' })).calls
    expect(fallbackCall.fallback).toEqual({ attempt: 1, step: 'primary', reason: null, served: true })
  })

  it('finds calls by the text of their captured content', async () => {
    const useCase = 'search'
    const message = (role: string, text: string) =>
      JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }])
    const ids = { refund: newSpanId(), order: newSpanId(), cheese: newSpanId(), none: newSpanId() }
    await ingest([
      callSpan({
        spanId: ids.refund,
        startMs: minutesAgo(5),
        useCase,
        attributes: { 'gen_ai.input.messages': message('user', 'I want a REFUND for my broken kettle') },
      }),
      callSpan({
        spanId: ids.order,
        startMs: minutesAgo(4),
        useCase,
        attributes: {
          'gen_ai.input.messages': message('user', 'Status please'),
          'gen_ai.output.messages': message('assistant', 'Your order #A-1234 left the warehouse.'),
        },
      }),
      callSpan({
        spanId: ids.cheese,
        startMs: minutesAgo(3),
        useCase,
        attributes: { 'gen_ai.input.messages': message('user', 'Ist der KÄSE vegan? refunds?') },
      }),
      callSpan({ spanId: ids.none, startMs: minutesAgo(2), useCase }),
    ])
    const cases: Array<[string, string[]]> = [
      ['refund', [ids.refund]], // whole words: "refunds" does not match
      ['Refund', [ids.refund]],
      ['refunds', [ids.cheese]],
      ['broken kettle', [ids.refund]],
      ['kettle broken', []],
      ['order #A-1234', [ids.order]], // in the output only
      ['a-1234', [ids.order]],
      ['A-123', []],
      ['käse', [ids.cheese]],
      ['warehouse.', [ids.order]],
      ['parts', [ids.cheese, ids.order, ids.refund]], // JSON keys are text too
      ['elephant', []],
    ]
    for (const [q, expected] of cases) {
      expect(await listIds({ useCase, q }), q).toEqual(expected)
    }
  })

  it('walks every call exactly once by cursor while newer calls arrive', async () => {
    const useCase = 'paging'
    const base = minutesAgo(120)
    const spans = Array.from({ length: 23 }, (_, i) =>
      // Five calls share one start time: the span id decides their order.
      callSpan({ startMs: i < 5 ? base : base + i * 1000, startExtraNs: i < 5 ? 0 : i, useCase }),
    )
    await ingest(spans)
    const expected = new Set(spans.map((span) => span.spanId as string))

    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const body: Json = await list({ useCase, limit: '5', ...(cursor ? { cursor } : {}) })
      expect(body.calls.length).toBeLessThanOrEqual(5)
      seen.push(...body.calls.map((call: Json) => call.spanId))
      cursor = body.nextCursor
      pages++
      // Newer calls of the same use case arrive between pages; they must not shift later pages.
      await ingest([callSpan({ startMs: Date.now() - 1000, useCase })])
    } while (cursor !== null && pages < 20)

    expect(pages).toBe(5)
    expect(seen).toHaveLength(23)
    expect(new Set(seen)).toEqual(expected)
    const times = (await list({ useCase, limit: '500' })).calls.map((call: Json) => [
      call.startTime,
      call.spanId,
    ])
    const sorted = [...times].sort((a, b) =>
      a[0] === b[0] ? b[1].localeCompare(a[1]) : b[0].localeCompare(a[0]),
    )
    expect(times).toEqual(sorted)
    expect(times).toHaveLength(23 + 5)
  })

  it('keeps a default window fixed across pages', async () => {
    const useCase = 'paging-window'
    await ingest(Array.from({ length: 3 }, (_, i) => callSpan({ startMs: minutesAgo(60 + i), useCase })))
    const first = await list({ useCase, limit: '2' })
    const second = await list({ useCase, limit: '2', cursor: first.nextCursor })
    expect(second.calls).toHaveLength(1)
    expect(second.nextCursor).toBeNull()
  })

  it('defaults to 50 calls per page', async () => {
    const useCase = 'page-size'
    await ingest(Array.from({ length: 52 }, (_, i) => callSpan({ startMs: minutesAgo(200) + i, useCase })))
    const body = await list({ useCase })
    expect(body.calls).toHaveLength(50)
    expect(body.nextCursor).toEqual(expect.any(String))
    expect((await list({ useCase, limit: '500' })).calls).toHaveLength(52)
  })

  it('lists a span sent twice, or stored twice, once with its latest copy', async () => {
    const useCase = 'resent'
    const span = callSpan({ startMs: minutesAgo(15), useCase, inputTokens: 10, outputTokens: 10 })
    await ingest([span])
    await ingest([span]) // an exporter retry
    // Two collectors storing the same retry at once: a second row only the merge (or FINAL) collapses.
    const calls = collector.store.table('calls')
    await collector.store.client.command({
      query: `INSERT INTO ${calls} SELECT * REPLACE (now64(3) + 1 AS ingested_at, 42 AS cost_usd)
              FROM ${calls} WHERE span_id = {spanId:String}`,
      query_params: { spanId: span.spanId },
    })
    const raw = await collector.store.client.query({
      query: `SELECT count() AS n FROM ${calls} WHERE span_id = {spanId:String}`,
      query_params: { spanId: span.spanId },
      format: 'JSONEachRow',
    })
    expect(Number((await raw.json<{ n: string }>())[0]?.n)).toBe(2)

    const body = await list({ useCase })
    expect(body.calls).toHaveLength(1)
    expect(body.calls[0].costUsd).toBe(42)
    const detail = await get(`/api/v1/calls/${span.spanId}`)
    expect(detail.body.costUsd).toBe(42)
    const trace = await get(`/api/v1/traces/${span.traceId}`)
    expect(trace.body.totals).toMatchObject({ calls: 1, spans: 1, costUsd: 42 })
  })

  it('treats filter values full of SQL as values', async () => {
    const useCase = 'injection'
    await ingest([callSpan({ startMs: minutesAgo(1), useCase })])
    const hostile = [
      "' OR 1=1 --",
      "\\'; DROP TABLE calls; --",
      '{projectId:String}',
      "x') OR ('1'='1",
      '" OR ""="',
      'default',
    ]
    for (const value of hostile) {
      for (const name of ['useCase', 'model', 'provider', 'userId', 'tag', 'serviceName', 'subjectId', 'q']) {
        expect(await listIds({ [name]: value }), `${name}=${value}`).toEqual([])
      }
    }
    expect(await listIds({ useCase })).toHaveLength(1)
    const tables = await collector.store.client.query({
      query: `SELECT count() AS n FROM ${collector.store.table('calls')}`,
      format: 'JSONEachRow',
    })
    expect(Number((await tables.json<{ n: string }>())[0]?.n)).toBeGreaterThan(0)
  })

  it('takes any window a client can name, from the epoch to year 9999', async () => {
    await ingest([callSpan({ startMs: minutesAgo(3), useCase: 'wide-window' })])
    const windows: Array<Record<string, string>> = [
      { from: '0' },
      { from: '1960-01-01', to: '9999-12-31' },
      { from: '2000-01-01T00:00:00+02:00', to: String(Date.now() + 60_000) },
    ]
    for (const window of windows) {
      expect(await listIds({ useCase: 'wide-window', ...window }), JSON.stringify(window)).toHaveLength(1)
    }
    expect(await listIds({ useCase: 'wide-window', from: '1960-01-01', to: '1965-01-01' })).toEqual([])
  })

  it('answers 400 naming the bad parameter', async () => {
    const cases: Array<[string, string]> = [
      ['status=maybe', 'status'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['minLatencyMs=-1', 'minLatencyMs'],
      ['minCostUsd=cheap', 'minCostUsd'],
      ['fallback=yes', 'fallback'],
      ['from=yesterday', 'from'],
      [`from=${Date.now()}&to=${Date.now() - 1000}`, 'from'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('{"v":1,"t":"1\' OR 1=1","s":"x","f":0}').toString('base64url')}`, 'cursor'],
      [`useCase=${'x'.repeat(300)}`, 'useCase'],
      ['q=', 'q'],
      ['projectId=other', 'projectId'],
    ]
    for (const [query, name] of cases) {
      const { status, body } = await get(`/api/v1/calls?${query}`)
      expect(status, query).toBe(400)
      expect(body.error.code).toBe('VIGIL_ERR_INVALID_PARAMS')
      expect(body.error.message, query).toContain(`"${name}"`)
    }
  })

  it('shows each project only its own calls', async () => {
    const span = callSpan({ startMs: minutesAgo(1), useCase: 'isolated' })
    await ingest([span], { key: OTHER })
    expect(await listIds({ useCase: 'isolated' })).toEqual([])
    expect((await list({ useCase: 'isolated' }, OTHER)).calls).toHaveLength(1)
    expect((await get(`/api/v1/calls/${span.spanId}`)).status).toBe(404)
    expect((await get(`/api/v1/calls/${span.spanId}`, OTHER)).status).toBe(200)
    expect((await get(`/api/v1/traces/${span.traceId}`)).status).toBe(404)
    expect((await get(`/api/v1/traces/${span.traceId}`, OTHER)).status).toBe(200)
  })
})

describe('GET /api/v1/calls/:spanId', () => {
  it('shows attributes, content and the response details', async () => {
    const span = callSpan({
      startMs: minutesAgo(7),
      useCase: 'detail',
      inputTokens: 12,
      outputTokens: 34,
      attributes: {
        'gen_ai.response.id': 'chatcmpl-123',
        'gen_ai.response.finish_reasons': ['stop'],
        'server.address': 'api.openai.com',
        'app.ticket.priority': 'high',
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be brief.' }]),
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] },
        ]),
      },
    })
    await ingest([span], { service: 'detail-app' })
    const { status, body } = await get(`/api/v1/calls/${span.spanId.toUpperCase()}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      spanId: span.spanId,
      traceId: span.traceId,
      spanName: 'chat gpt-4o',
      operation: 'chat',
      responseId: 'chatcmpl-123',
      finishReasons: ['stop'],
      serverAddress: 'api.openai.com',
      responseModel: null,
      tokens: { input: 12, output: 34 },
      fallbackChain: [],
      signals: [],
      preview: { input: 'Hi', output: 'Hello' },
    })
    expect(body.attributes).toMatchObject({
      'app.ticket.priority': 'high',
      'gen_ai.response.id': 'chatcmpl-123',
    })
    expect(body.resourceAttributes).toEqual({ 'service.name': 'detail-app' })
    expect(JSON.parse(body.content.input)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
    ])
    expect(JSON.parse(body.content.output)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] },
    ])
    expect(Date.parse(body.endTime) - Date.parse(body.startTime)).toBe(100)
  })

  it('shows the fallback chain the SDK recorded, in attempt order', async () => {
    class RateLimitError extends Error {
      readonly status = 429
    }
    const answer = await withContext({ useCase: 'fb-detail' }, () =>
      withFallback<string | undefined>(
        [
          {
            name: 'primary',
            run: () =>
              observe({ provider: 'openai', model: 'gpt-4o' }, async () => {
                throw new RateLimitError('slow down')
              }),
          },
          { name: 'cache', cache: true, run: () => undefined },
          {
            name: 'cheaper',
            run: () =>
              observe({ provider: 'openai', model: 'gpt-4o-mini' }, async (call) => {
                call.setUsage({ inputTokens: 100, outputTokens: 20 })
                call.recordInput('Summarise my ticket')
                call.recordOutput('Your printer is out of toner.')
                return 'Your printer is out of toner.'
              }),
          },
        ],
        { name: 'reply', accept: (result) => result !== undefined },
      ),
    )
    expect(answer).toBe('Your printer is out of toner.')
    expect(await flush()).toBe(true)

    const calls = (await list({ useCase: 'fb-detail' })).calls
    expect(calls).toHaveLength(2)
    const served = calls.find((call: Json) => call.fallback?.served)
    const failed = calls.find((call: Json) => !call.fallback?.served)
    expect(served.fallback).toEqual({ attempt: 3, step: 'cheaper', reason: null, served: true })
    expect(failed.fallback).toMatchObject({
      attempt: 1,
      step: 'primary',
      reason: 'rate_limit',
      served: false,
    })

    const { body } = await get(`/api/v1/calls/${served.spanId}`)
    expect(body.content.output).toContain('out of toner')
    expect(body.preview).toEqual({ input: 'Summarise my ticket', output: 'Your printer is out of toner.' })
    expect(
      body.fallbackChain.map((a: Json) => [a.attempt, a.kind, a.step, a.reason, a.served, a.status, a.model]),
    ).toEqual([
      [1, 'llm', 'primary', 'rate_limit', false, 'error', 'gpt-4o'],
      [2, 'span', 'cache', 'rejected', false, 'unset', null],
      [3, 'llm', 'cheaper', null, true, 'ok', 'gpt-4o-mini'],
    ])
    expect(body.fallbackChain[0].spanId).toBe(failed.spanId)
    expect(body.fallbackChain[2]).toMatchObject({ spanId: served.spanId, costUsd: served.costUsd })
    // The chain reads the same from any of its calls.
    expect((await get(`/api/v1/calls/${failed.spanId}`)).body.fallbackChain).toEqual(body.fallbackChain)

    // The trace holds the chain span with the two calls and the cache step under it.
    const trace = (await get(`/api/v1/traces/${served.traceId}`)).body
    expect(trace.roots).toHaveLength(1)
    expect(trace.roots[0]).toMatchObject({ kind: 'span', name: 'fallback reply' })
    expect(trace.roots[0].children.map((node: Json) => [node.kind, node.name])).toEqual([
      ['llm', 'chat gpt-4o'],
      ['span', 'fallback.step cache'],
      ['llm', 'chat gpt-4o-mini'],
    ])
  })

  it('answers 404 for an unknown span id and 400 for a malformed one', async () => {
    const missing = await get(`/api/v1/calls/${newSpanId()}`)
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('VIGIL_ERR_NOT_FOUND')
    for (const bad of ['xyz', '0123456789abcdeg', '0123456789abcdef0', "'%20OR%201=1--"]) {
      const { status, body } = await get(`/api/v1/calls/${bad}`)
      expect(status, bad).toBe(400)
      expect(body.error).toMatchObject({ code: 'VIGIL_ERR_INVALID_PARAMS' })
      expect(body.error.message).toContain('"spanId"')
    }
  })
})

describe('GET /api/v1/traces/:traceId', () => {
  it('returns the span tree of a trace with two calls and a tool under one root', async () => {
    const traceId = newTraceId()
    const root = newSpanId()
    const t0 = minutesAgo(9)
    const spans = {
      root: otlpSpan({
        traceId,
        spanId: root,
        name: 'POST /tickets',
        kind: 2,
        startMs: t0,
        durationMs: 2000,
      }),
      first: callSpan({
        traceId,
        parentSpanId: root,
        startMs: t0 + 100,
        durationMs: 400,
        inputTokens: 1000,
        outputTokens: 100,
        useCase: 'trace-tree',
      }),
      tool: otlpSpan({
        traceId,
        parentSpanId: root,
        name: 'execute_tool lookup_order',
        kind: 1,
        startMs: t0 + 600,
        durationMs: 50,
        statusCode: 2,
        attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order' },
      }),
      second: callSpan({
        traceId,
        parentSpanId: root,
        startMs: t0 + 700,
        durationMs: 900,
        model: 'gpt-4o-mini',
        inputTokens: 500,
        outputTokens: 50,
        useCase: 'trace-tree',
      }),
      orphan: otlpSpan({
        traceId,
        parentSpanId: newSpanId(),
        name: 'late worker',
        kind: 1,
        startMs: t0 + 2500,
      }),
    }
    await ingest([spans.second, spans.root, spans.tool])
    await ingest([spans.first, spans.orphan], { service: 'worker' })

    const { status, body } = await get(`/api/v1/traces/${traceId}`)
    expect(status).toBe(200)
    expect(body.traceId).toBe(traceId)
    expect(body.truncated).toBe(false)
    expect(body.roots.map((node: Json) => node.name)).toEqual(['POST /tickets', 'late worker'])
    const [top] = body.roots
    expect(top).toMatchObject({
      spanId: root,
      parentSpanId: null,
      kind: 'span',
      status: 'unset',
      durationMs: 2000,
      call: null,
      span: { spanKind: 'server', scopeName: 'test', statusMessage: null },
    })
    expect(top.children.map((node: Json) => [node.kind, node.spanId])).toEqual([
      ['llm', spans.first.spanId],
      ['span', spans.tool.spanId],
      ['llm', spans.second.spanId],
    ])
    const [first, tool, second] = top.children
    expect(first).toMatchObject({
      name: 'chat gpt-4o',
      serviceName: 'worker',
      status: 'ok',
      span: null,
      children: [],
    })
    expect(first.call).toMatchObject({
      spanId: spans.first.spanId,
      useCase: 'trace-tree',
      tokens: { input: 1000 },
    })
    expect(tool).toMatchObject({ status: 'error', call: null, span: { spanKind: 'internal' } })
    expect(tool.span.attributes).toMatchObject({ 'gen_ai.tool.name': 'lookup_order' })
    expect(second.call.model).toBe('gpt-4o-mini')

    expect(body.totals).toMatchObject({
      spans: 5,
      calls: 2,
      errors: 0,
      costUnknownCalls: 0,
      tokens: { input: 1500, output: 150, cacheRead: 0, cacheCreation: 0, reasoning: 0 },
      durationMs: 2600,
    })
    expect(body.totals.costUsd).toBeCloseTo(first.call.costUsd + second.call.costUsd, 12)
    expect(body.startTime).toBe(top.startTime)
  })

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    const missing = await get(`/api/v1/traces/${newTraceId()}`)
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('VIGIL_ERR_NOT_FOUND')
    for (const bad of [newSpanId(), `${newTraceId()}0`, 'z'.repeat(32)]) {
      const { status, body } = await get(`/api/v1/traces/${bad}`)
      expect(status, bad).toBe(400)
      expect(body.error.message).toContain('"traceId"')
    }
  })
})

describe('calls routes in the API document', () => {
  it('are declared with the read scope under the Calls tag', async () => {
    const { body } = await get('/openapi.json')
    for (const path of ['/api/v1/calls', '/api/v1/calls/{spanId}', '/api/v1/traces/{traceId}']) {
      expect(body.paths[path]?.get, path).toMatchObject({ tags: ['Calls'], 'x-vigil-scope': 'read' })
    }
  })

  it('need a key', async () => {
    const response = await fetch(`${collector.url}/api/v1/calls`)
    expect(response.status).toBe(401)
  })
})
