import type { ServerResponse } from 'node:http'
import { type FakeExchange, sleep } from './fake-llm-server.js'

// How the fake Anthropic API writes answers on the wire: server-sent events, and answers cut mid-way.

export type StreamedAnswer = {
  content: Array<{ text: string }>
  stop_reason: string
  usage: { output_tokens: number }
}

/** Anthropic's event sequence: https://docs.anthropic.com/en/docs/build-with-claude/streaming */
export async function streamMessage(
  { response, server }: FakeExchange,
  message: StreamedAnswer,
  requestId: string,
  cutAfter: number | undefined,
): Promise<void> {
  const text = message.content[0]?.text ?? ''
  const events: Array<[string, unknown]> = [
    [
      'message_start',
      {
        type: 'message_start',
        // As the real API: no content yet, and output_tokens is a placeholder until message_delta.
        message: {
          ...message,
          content: [],
          stop_reason: null,
          usage: { ...message.usage, output_tokens: 1 },
        },
      },
    ],
    [
      'content_block_start',
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    ],
    ['ping', { type: 'ping' }],
    ...(text.match(/\S+\s*/g) ?? []).map((piece): [string, unknown] => [
      'content_block_delta',
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } },
    ]),
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    [
      'message_delta',
      {
        type: 'message_delta',
        delta: { stop_reason: message.stop_reason, stop_sequence: null },
        usage: { output_tokens: message.usage.output_tokens },
      },
    ],
    ['message_stop', { type: 'message_stop' }],
  ]
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': requestId,
  })
  for (const [sent, [name, data]] of events.entries()) {
    if (response.destroyed) return // the client stopped reading and closed the connection
    if (sent === cutAfter) return void response.destroy()
    await write(response, `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
    await sleep(server.chunkDelayMs)
  }
  if (cutAfter !== undefined && cutAfter >= events.length) return void response.destroy()
  response.end()
}

/** Half a JSON body, then the connection drops: what a non-streamed answer cut mid-way looks like. */
export async function cutJson(response: ServerResponse, message: unknown, requestId: string): Promise<void> {
  const text = JSON.stringify(message)
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': requestId,
  })
  await write(response, text.slice(0, Math.floor(text.length / 2)))
  response.destroy()
}

/** Resolves once the chunk is handed to the socket, so a following destroy() cannot drop it. */
function write(response: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => response.write(chunk, () => resolve()))
}
