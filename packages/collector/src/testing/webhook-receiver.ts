import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request a {@link WebhookReceiver} got, body as received (raw: what signatures cover). */
export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
}

/** What the receiver answers: a status, optional headers and body; or `hang` to never answer. */
export type ReceiverAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'hang'

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook` */
  readonly url: string
  readonly requests: ReceivedRequest[]
  close(): Promise<void>
}

/**
 * A real HTTP receiver on a loopback port for delivery tests: answers each
 * request with `answer(request, index)` (index from 0) and keeps what it got.
 */
export async function startWebhookReceiver(
  answer: (request: ReceivedRequest, index: number) => ReceiverAnswer,
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const received = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(received)
      const reply = answer(received, requests.length - 1)
      if (reply === 'hang') return
      response.writeHead(reply.status, reply.headers)
      response.end(reply.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A URL nothing listens on (a port just released): connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const receiver = await startWebhookReceiver(() => ({ status: 200 }))
  await receiver.close()
  return receiver.url
}
