import http from 'node:http'
import https from 'node:https'

/** What one POST produced: a response (any status) or a network-level failure. */
export type PostOutcome =
  | { kind: 'response'; status: number; headers: http.IncomingHttpHeaders; body: Buffer }
  | {
      kind: 'network-error'
      error: Error
      /** The request went out on a kept-alive connection from an earlier request (see `isStaleConnection`). */
      reusedSocket: boolean
    }

// Collector answers are tiny (an empty message or an error text); the cap keeps a
// misconfigured endpoint (say, an HTML page) from costing the app memory.
const MAX_RESPONSE_BYTES = 64 * 1024

/**
 * One POST with node:http(s). Never rejects, so the retry loop handles every
 * outcome in one place. `timeoutMillis` bounds the whole exchange, not just
 * socket idleness, because the retry budget is measured in wall time.
 */
export function httpPost(
  url: URL,
  body: Uint8Array,
  headers: http.OutgoingHttpHeaders,
  timeoutMillis: number,
  agent: http.Agent,
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (outcome: PostOutcome): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const transport = url.protocol === 'https:' ? https : http
    const request = transport.request(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': body.byteLength },
      agent,
    })
    const timer = setTimeout(() => request.destroy(timeoutError(timeoutMillis)), timeoutMillis)

    const networkError = (error: Error): void =>
      settle({ kind: 'network-error', error, reusedSocket: request.reusedSocket })
    request.on('error', networkError)
    request.on('response', (response) => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        if (size >= MAX_RESPONSE_BYTES) return
        chunks.push(chunk)
        size += chunk.length
      })
      response.on('end', () =>
        settle({
          kind: 'response',
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES),
        }),
      )
      response.on('error', networkError)
      // 'close' without 'end': the connection died mid-body (or our timeout destroyed it).
      response.on('close', () => {
        if (!response.complete) networkError(new Error('response aborted'))
      })
    })
    request.end(body)
  })
}

/**
 * A kept-alive connection the server (or a proxy) closed while it sat idle,
 * found dead only when a request was written to it: the request never reached
 * the server's application, so sending it again at once on a new connection is
 * safe and expected (Node's http documentation recommends exactly this; and the
 * collector deduplicates spans by id should one have arrived after all). It
 * happens when the server's idle timeout passes while the app's event loop is
 * too busy to notice the close, or with servers that do not announce it.
 */
export function isStaleConnection(outcome: PostOutcome): boolean {
  if (outcome.kind !== 'network-error' || !outcome.reusedSocket) return false
  const code = (outcome.error as NodeJS.ErrnoException).code
  return code === 'ECONNRESET' || code === 'EPIPE'
}

function timeoutError(timeoutMillis: number): Error {
  const error = new Error(`no answer within ${timeoutMillis} ms`)
  error.name = 'TimeoutError'
  return error
}
