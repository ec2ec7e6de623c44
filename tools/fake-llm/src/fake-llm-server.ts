import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A fault the server plays instead of answering: an HTTP error, or a hang (the client's timeout fires). */
export type FakeFault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; message?: string; type?: string }
  | { kind: 'hang' }
  /** Streams `afterChunks` chunks, then cuts the connection. */
  | { kind: 'cut-stream'; afterChunks: number }

export interface FakeLlmOptions {
  host?: string
  /** 0 (default) picks a free port. */
  port?: number
  /** Time before the first byte of an answer, ms; a [min, max] range draws uniformly. Default 0. */
  latencyMs?: number | [number, number]
  /** Time between streamed chunks, ms. Default 0. */
  chunkDelayMs?: number
  /** Share of requests (0..1) answered with a random 429/500/503, for the demo. Default 0. */
  errorRate?: number
  /** Seed of the random draws, so a run can be repeated. */
  seed?: number
}

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: unknown
}

/** What a provider's routes get for one request. */
export interface FakeExchange {
  request: IncomingMessage
  response: ServerResponse
  path: string
  body: Record<string, unknown>
  server: FakeLlmServer
}

export type FakeRoute = (exchange: FakeExchange) => Promise<void>

/**
 * A loopback HTTP server that speaks the providers' APIs well enough for the
 * real `openai` and `@anthropic-ai/sdk` clients: JSON answers, SSE streams,
 * usage fields, and the errors production sees (429 with Retry-After, 5xx,
 * hangs). Faults are queued with {@link FakeLlmServer.enqueueFault} so tests
 * are deterministic; `errorRate` adds random ones for the demo.
 */
export class FakeLlmServer {
  readonly requests: RecordedRequest[] = []
  readonly #routes = new Map<string, FakeRoute>()
  readonly #faults: FakeFault[] = []
  readonly #options: Required<Omit<FakeLlmOptions, 'seed'>>
  readonly #server: Server
  #random: () => number
  #url = ''

  constructor(options: FakeLlmOptions = {}) {
    this.#options = { host: '127.0.0.1', port: 0, latencyMs: 0, chunkDelayMs: 0, errorRate: 0, ...options }
    this.#random = seededRandom(options.seed ?? 42)
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent)
          sendJson(response, 500, { error: { message: String(error), type: 'server_error' } })
        else response.destroy()
      })
    })
  }

  /** Base URL, e.g. `http://127.0.0.1:51234`; OpenAI clients use `${url}/v1`, Anthropic clients `url`. */
  get url(): string {
    return this.#url
  }

  /** Registers a handler for `POST path` (e.g. `/v1/chat/completions`). */
  route(path: string, handler: FakeRoute): this {
    this.#routes.set(path, handler)
    return this
  }

  /** The next request gets this fault instead of an answer. */
  enqueueFault(fault: FakeFault): this {
    this.#faults.push(fault)
    return this
  }

  /** A uniform draw in [0, 1) from the server's seeded generator. */
  random(): number {
    return this.#random()
  }

  get chunkDelayMs(): number {
    return this.#options.chunkDelayMs
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(this.#options.port, this.#options.host, resolve))
    const { port } = this.#server.address() as AddressInfo
    this.#url = `http://${this.#options.host}:${port}`
    return this.#url
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  /** Takes the fault for this request: a queued one first, else a random one at `errorRate`. */
  takeFault(): FakeFault | undefined {
    const queued = this.#faults.shift()
    if (queued) return queued
    if (this.#options.errorRate > 0 && this.#random() < this.#options.errorRate) {
      const draw = this.#random()
      if (draw < 0.5)
        return { kind: 'status', status: 429, retryAfterSeconds: 1, message: 'Rate limit reached' }
      if (draw < 0.8) return { kind: 'status', status: 500, message: 'The server had an error' }
      return { kind: 'status', status: 503, message: 'The engine is currently overloaded' }
    }
    return undefined
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/'
    const raw = await readAll(request)
    let body: Record<string, unknown> = {}
    try {
      body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {}
    } catch {
      sendJson(response, 400, {
        error: { message: 'Request body is not JSON', type: 'invalid_request_error' },
      })
      return
    }
    this.requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body })
    const handler = request.method === 'POST' ? this.#routes.get(path) : undefined
    if (!handler) {
      sendJson(response, 404, {
        error: { message: `No fake route for ${request.method} ${path}`, type: 'not_found' },
      })
      return
    }
    await sleep(this.#latency())
    await handler({ request, response, path, body, server: this })
  }

  #latency(): number {
    const latency = this.#options.latencyMs
    if (typeof latency === 'number') return latency
    return latency[0] + this.#random() * (latency[1] - latency[0])
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}

/** Deterministic reply text and token estimates, so tests can assert exact usage. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4))
}

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

/** mulberry32: small, fast, good enough for traffic shapes. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
