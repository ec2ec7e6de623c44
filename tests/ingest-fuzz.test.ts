import { deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'
import {
  attr,
  makeJsonLogRecord,
  makeJsonLogsRequest,
  makeJsonMetricsRequest,
  makeJsonSpan,
  makeJsonTraceRequest,
  toProtobuf,
} from './support/otlp-fixtures.js'

/**
 * Thousands of random and mutated OTLP requests against a real collector:
 * whatever arrives, the answer is 2xx or 4xx (never 5xx, which clients would
 * retry forever), the process stays up, and its memory stays bounded.
 * Deterministic (seeded), so a failure reproduces; the failing case is printed.
 */
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 20_251_105)
const REQUESTS = Number(process.env.VIGIL_FUZZ_REQUESTS ?? 3000)
const CONCURRENCY = 8
const KEY = 'fuzz-test-key-0123456789abc'
const MiB = 1024 * 1024
const collector = useTestCollector({
  name: 'fuzz',
  apiKey: KEY,
  maxBodyBytes: 2 * MiB,
  writer: { lingerMs: 5 },
})

/** mulberry32: small, fast, seedable. */
function prng(seed: number) {
  let state = seed
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256))
  return { next, int, pick, bytes }
}
type Random = ReturnType<typeof prng>

type Signal = 'traces' | 'logs' | 'metrics'
interface Seed {
  signal: Signal
  json: string
  protobuf: Uint8Array
}

function seeds(): Seed[] {
  const nested = {
    key: 'nested',
    value: {
      kvlistValue: {
        values: [attr('a', 1), { key: 'l', value: { arrayValue: { values: [{ stringValue: 'x' }] } } }],
      },
    },
  }
  const span = {
    ...makeJsonSpan({ inputTokens: 10, outputTokens: 5, useCase: 'fuzz' }),
    events: [{ name: 'e', timeUnixNano: '1', attributes: [attr('k', 'v')] }],
  }
  const plain = {
    ...makeJsonSpan(),
    attributes: [attr('http.method', 'GET'), nested],
    parentSpanId: 'ab'.repeat(8),
  }
  const requests: [Signal, object][] = [
    ['traces', traceRequest([span, plain, makeJsonSpan({ errorType: 'timeout' })])],
    [
      'logs',
      makeJsonLogsRequest([
        makeJsonLogRecord(),
        makeJsonLogRecord({ body: 'b' }),
        makeJsonLogRecord({ empty: true }),
      ]),
    ],
    ['metrics', makeJsonMetricsRequest({ nameless: true })],
  ]
  return requests.map(([signal, request]) => ({
    signal,
    json: JSON.stringify(request),
    protobuf: toProtobuf(signal, request as Record<string, unknown>),
  }))
}

/** Like makeJsonTraceRequest, for spans whose attributes it does not type (nested values). */
function traceRequest(spans: object[]) {
  const [first] = makeJsonTraceRequest([]).resourceSpans
  return { resourceSpans: [{ ...first, scopeSpans: [{ scope: { name: 'fuzz' }, spans }] }] }
}

function mutateBytes(source: Uint8Array, r: Random, other: Uint8Array): Uint8Array {
  const bytes = Buffer.from(source)
  switch (r.int(7)) {
    case 0: // truncate
      return bytes.subarray(0, r.int(bytes.length + 1))
    case 1: // flip a few bytes
      for (let i = 0, n = 1 + r.int(8); i < n; i++) bytes[r.int(bytes.length)] = r.int(256)
      return bytes
    case 2: {
      // insert random bytes
      const at = r.int(bytes.length + 1)
      return Buffer.concat([bytes.subarray(0, at), r.bytes(1 + r.int(32)), bytes.subarray(at)])
    }
    case 3: {
      // splice with another request
      const a = r.int(bytes.length + 1)
      const b = r.int(other.length + 1)
      return Buffer.concat([bytes.subarray(0, a), other.subarray(b)])
    }
    case 4: {
      // duplicate a region (repeated fields, overlong lengths)
      const from = r.int(bytes.length + 1)
      const to = Math.min(bytes.length, from + r.int(64))
      return Buffer.concat([bytes.subarray(0, to), bytes.subarray(from, to), bytes.subarray(to)])
    }
    case 5: // a length or varint byte blown up
      bytes[r.int(bytes.length)] = 0xff
      return bytes
    default:
      return r.bytes(r.int(512)) // pure noise
  }
}

// Wrong types, and values at the edges of the columns they end in (UInt8 enums, DateTime64 times, UInt64 counts).
const JSON_VALUES = [
  'null',
  'true',
  '-1',
  '300',
  '1e309',
  '1e30',
  '"x"',
  '[]',
  '{}',
  '"__proto__"',
  '"zz"',
  '[[[[[[]]]]]]',
  '"0"',
  '"99999999"',
  '"18446744073709551615"',
  '18446744073709551616',
  '"9223372036854775808"',
  '-9007199254740993',
]

function mutateJson(source: string, r: Random): string {
  switch (r.int(4)) {
    case 0: {
      // replace one value with a value of another type
      const matches = [...source.matchAll(/:(\s*)("[^"]*"|-?\d[\d.e+-]*|true|false|null)/g)]
      const match = matches.length > 0 ? r.pick(matches) : undefined
      if (!match || match.index === undefined) return source
      return `${source.slice(0, match.index)}:${r.pick(JSON_VALUES)}${source.slice(match.index + match[0].length)}`
    }
    case 1: // rename a key
      return source.replace(
        r.pick(['"key"', '"value"', '"spans"', '"attributes"', '"traceId"', '"body"']),
        `"${r.pick(['__proto__', 'constructor', 'x', ''])}"`,
      )
    case 2: {
      // deep nesting in an attribute value
      const depth = r.pick([10, 40, 1000, 20_000])
      const deep = `${'{"arrayValue":{"values":['.repeat(depth)}${']}}'.repeat(depth)}`
      return source.replace('{"stringValue":"chat"}', deep)
    }
    default:
      return Buffer.from(mutateBytes(Buffer.from(source), r, Buffer.from(source))).toString('latin1')
  }
}

interface FuzzCase {
  path: string
  headers: Record<string, string>
  body: Uint8Array | string
}

function makeCase(r: Random, all: Seed[]): FuzzCase {
  const seed = r.pick(all)
  // Mostly the matching path; sometimes another signal's, which must decode as invalid or empty.
  const path = r.next() < 0.8 ? `/v1/${seed.signal}` : `/v1/${r.pick(['traces', 'logs', 'metrics'])}`
  const asJson = r.next() < 0.5
  let body: Uint8Array | string = asJson
    ? r.next() < 0.15
      ? seed.json
      : mutateJson(seed.json, r)
    : r.next() < 0.15
      ? seed.protobuf
      : mutateBytes(seed.protobuf, r, r.pick(all).protobuf)
  const contentType =
    r.next() < 0.85
      ? asJson
        ? 'application/json'
        : 'application/x-protobuf'
      : r.pick([
          'application/json',
          'application/x-protobuf',
          'application/protobuf',
          'text/plain',
          'application/json; charset=utf-8',
          'x/y; a="',
          '',
          'application/octet-stream',
        ])
  const headers: Record<string, string> = {
    authorization: r.next() < 0.97 ? `Bearer ${KEY}` : r.pick(['Bearer nope', 'Basic abc', '']),
  }
  if (contentType) headers['content-type'] = contentType
  const encoding = r.int(10)
  if (encoding === 0) {
    body = gzipSync(body)
    headers['content-encoding'] = 'gzip'
  } else if (encoding === 1) {
    body = deflateSync(body)
    headers['content-encoding'] = 'deflate'
  } else if (encoding === 2) {
    body = mutateBytes(gzipSync(body), r, seed.protobuf) // corrupt compressed data
    headers['content-encoding'] = r.pick(['gzip', 'deflate'])
  } else if (encoding === 3) {
    headers['content-encoding'] = r.pick(['br', 'zstd', 'gzip, deflate', 'identity', ''])
  }
  return { path, headers, body }
}

async function send(c: FuzzCase): Promise<number> {
  const response = await fetch(`${collector.url}${c.path}`, {
    method: 'POST',
    headers: c.headers,
    body: c.body,
  })
  await response.arrayBuffer()
  return response.status
}

describe('ingest under random and mutated requests', () => {
  it(`answers ${REQUESTS} requests with 2xx or 4xx only, stays up and keeps memory bounded`, {
    timeout: 120_000,
  }, async () => {
    const r = prng(SEED)
    const all = seeds()
    const cases = Array.from({ length: REQUESTS }, () => makeCase(r, all))
    const statuses = new Map<number, number>()
    const failures: string[] = []
    const run = async (slice: FuzzCase[], offset: number) => {
      let index = 0
      const worker = async () => {
        while (index < slice.length) {
          const i = index++
          const c = slice[i] as FuzzCase
          const status = await send(c)
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          if (status >= 500 && failures.length < 5) {
            const preview = Buffer.from(c.body).subarray(0, 200).toString('base64')
            failures.push(
              `case ${offset + i} (seed ${SEED}): ${status} ${c.path} ${JSON.stringify(c.headers)} ${preview}`,
            )
          }
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    }
    // Warm up first, so the memory baseline includes JIT code, pools and chDB caches.
    const warmup = Math.min(300, Math.floor(REQUESTS / 10))
    await run(cases.slice(0, warmup), 0)
    const rssBefore = process.memoryUsage.rss()
    await run(cases.slice(warmup), warmup)
    const rssAfter = process.memoryUsage.rss()

    expect(failures).toEqual([])
    const seen = Object.fromEntries(statuses)
    // Sanity: the mix really exercised both the happy and the refusing paths.
    expect(seen[200] ?? 0, JSON.stringify(seen)).toBeGreaterThan(REQUESTS / 20)
    expect(seen[400] ?? 0, JSON.stringify(seen)).toBeGreaterThan(REQUESTS / 20)
    expect(seen[415] ?? 0, JSON.stringify(seen)).toBeGreaterThan(0)
    for (const status of statuses.keys()) expect([200, 400, 401, 413, 415]).toContain(status)
    // A bound, not a timing: no per-request leak. Generous for GC timing and chDB caches.
    expect(rssAfter - rssBefore).toBeLessThan(256 * MiB)
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200)
  })
})
