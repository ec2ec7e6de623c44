import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import type { PostOutcome } from './http-post.js'

const MAX_TEXT_LENGTH = 300

/**
 * The rejected-span count of an OTLP partial success (a 200 whose body says
 * some spans were refused). Such a response is final: OTLP clients must not
 * retry it. Undefined for a plain success or an unreadable body.
 */
export function partialSuccessOf(body: Buffer): { rejectedSpans: number; errorMessage: string } | undefined {
  if (body.length === 0) return undefined
  try {
    const partial = ProtobufTraceSerializer.deserializeResponse(body).partialSuccess
    const rejectedSpans = Number(partial?.rejectedSpans ?? 0)
    const errorMessage = partial?.errorMessage ?? ''
    if (rejectedSpans === 0 && errorMessage === '') return undefined
    return { rejectedSpans, errorMessage }
  } catch {
    return undefined
  }
}

/**
 * A short, printable version of an error response body. OTLP collectors answer
 * errors with a protobuf `google.rpc.Status`, whose `message` (field 2) is what
 * the developer needs to read; other bodies are shown as text.
 */
export function responseText(body: Buffer, contentType: string | undefined): string {
  if (body.length === 0) return '(empty body)'
  if (contentType?.includes('protobuf')) {
    const message = statusMessage(body)
    return message === undefined ? `(${body.length} bytes of protobuf)` : clip(message)
  }
  return clip(body.toString('utf8'))
}

/** What to do about a status the exporter will not retry. */
export function failureHint(status: number): string {
  switch (status) {
    case 400:
      return 'The collector could not read the data; check that the SDK and collector versions match.'
    case 401:
    case 403:
      return 'Check the API key (init({ apiKey }) or VIGIL_API_KEY) against the collector configuration.'
    case 404:
      return 'Nothing serves /v1/traces there; VIGIL_ENDPOINT should be the collector base URL, e.g. http://127.0.0.1:4318.'
    case 413:
      return 'The batch is too large for the collector; lower maxExportBatchSize.'
    case 415:
      return 'The endpoint does not accept OTLP protobuf; check that VIGIL_ENDPOINT points to a Vigil collector.'
    default:
      return 'Check that VIGIL_ENDPOINT points to a Vigil collector and look at the collector logs.'
  }
}

/** One line saying what went wrong with a POST to the collector. */
export function describeOutcome(outcome: PostOutcome, url: URL): string {
  if (outcome.kind === 'network-error') {
    const code = (outcome.error as NodeJS.ErrnoException).code ?? outcome.error.name
    return `Cannot reach the Vigil collector at ${url.href} (${code}: ${outcome.error.message})`
  }
  const text = responseText(outcome.body, header(outcome, 'content-type'))
  return `The Vigil collector at ${url.href} answered ${outcome.status} (${text})`
}

/** A response header's (first) value. */
export function header(outcome: PostOutcome & { kind: 'response' }, name: string): string | undefined {
  const value = outcome.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function clip(text: string): string {
  // Control characters would garble the log line the text ends up in.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const printable = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return printable.length > MAX_TEXT_LENGTH ? `${printable.slice(0, MAX_TEXT_LENGTH)}…` : printable
}

/** Reads field 2 (`message`) of a protobuf google.rpc.Status; undefined if the bytes are not one. */
function statusMessage(bytes: Buffer): string | undefined {
  let offset = 0
  const varint = (): number => {
    let value = 0
    for (let shift = 0; shift < 64; shift += 7) {
      const byte = bytes[offset++]
      if (byte === undefined) throw new RangeError('truncated varint')
      value += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) return value
    }
    throw new RangeError('varint too long')
  }
  try {
    while (offset < bytes.length) {
      const tag = varint()
      const field = Math.floor(tag / 8)
      const wireType = tag % 8
      if (wireType === 0) varint()
      else if (wireType === 1) offset += 8
      else if (wireType === 5) offset += 4
      else if (wireType === 2) {
        const length = varint()
        if (offset + length > bytes.length) return undefined
        if (field === 2) return bytes.subarray(offset, offset + length).toString('utf8')
        offset += length
      } else return undefined
    }
  } catch {
    return undefined
  }
  return undefined
}
