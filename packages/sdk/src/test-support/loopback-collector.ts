import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}

export interface ScriptedResponse {
  status: number
  headers?: Record<string, string>
  body?: string | Buffer
}

/**
 * A real HTTP server on a loopback port standing in for the Vigil collector:
 * records every request and answers from a script (then 200). `hold()` keeps
 * answers back until `release()`, to fill the SDK's queue. Test support only.
 */
export async function startLoopbackCollector(script: ScriptedResponse[] = []) {
  const requests: RecordedRequest[] = []
  const pending = [...script]
  let held: Array<() => void> | undefined
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      })
      const answer = () => {
        const { status, headers, body } = pending.shift() ?? { status: 200 }
        res.writeHead(status, { 'content-type': 'application/x-protobuf', ...headers })
        res.end(body)
      }
      if (held === undefined) answer()
      else held.push(answer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    hold: () => {
      held ??= []
    },
    release: () => {
      const answers = held ?? []
      held = undefined
      for (const answer of answers) answer()
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** An endpoint on which nothing listens: the collector is down. */
export async function unusedEndpoint(): Promise<string> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}
