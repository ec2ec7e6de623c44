import type { Readable } from 'node:stream'
import { createGunzip, createInflate } from 'node:zlib'
import { VigilError } from '../errors.js'

export interface ReadBodyOptions {
  /** Largest body accepted, counted after decompression (OTLP/HTTP suggests 64 MiB). */
  maxBytes: number
  /** Called for each decompressed chunk; returning an error aborts the read with it (memory budget). */
  reserve?: (bytes: number) => VigilError | undefined
}

export interface ReadBody {
  body: Buffer
  /** Bytes as received on the wire, before decompression. */
  wireBytes: number
}

/**
 * Reads a request body, inflating it when compressed, and stops as soon as the
 * inflated size passes `maxBytes`: the cap applies after decompression (OTLP
 * spec), and a gzip bomb is refused while streaming instead of being inflated
 * into memory — at most `maxBytes` plus one zlib chunk (16 KiB) is ever held.
 */
export function readBody(
  payload: Readable,
  contentEncoding: string | undefined,
  options: ReadBodyOptions,
): Promise<ReadBody> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase()
  let source: Readable
  if (encoding === 'identity' || encoding === '') source = payload
  else if (encoding === 'gzip' || encoding === 'x-gzip') source = payload.pipe(createGunzip())
  else if (encoding === 'deflate') source = payload.pipe(createInflate())
  else {
    return Promise.reject(
      new VigilError(
        'UNSUPPORTED_ENCODING',
        `Unsupported Content-Encoding "${encoding}": use gzip, deflate or none`,
      ),
    )
  }
  const { maxBytes, reserve } = options
  return new Promise<ReadBody>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let wireBytes = 0
    let settled = false
    const fail = (error: VigilError) => {
      if (settled) return
      settled = true
      chunks.length = 0
      payload.unpipe()
      if (source !== payload) source.destroy()
      // Keep draining the socket so the 4xx answer can be read by the client;
      // Fastify closes the connection after it (content-type-parser.js onDone).
      payload.resume()
      reject(error)
    }
    if (source !== payload) payload.on('data', (chunk: Buffer) => (wireBytes += chunk.length))
    source.on('data', (chunk: Buffer) => {
      if (settled) return
      size += chunk.length
      if (size > maxBytes) {
        fail(new VigilError('BODY_TOO_LARGE', `Request body exceeds ${maxBytes} bytes after decompression`))
        return
      }
      const refused = reserve?.(chunk.length)
      if (refused) {
        fail(refused)
        return
      }
      chunks.push(chunk)
    })
    source.on('error', (error) => {
      const message =
        source === payload ? 'Request body could not be read' : `Body is not valid ${encoding} data`
      fail(new VigilError('BAD_OTLP', message, { cause: error }))
    })
    source.on('end', () => {
      if (settled) return
      settled = true
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)
      resolve({ body, wireBytes: source === payload ? size : wireBytes })
    })
  })
}
