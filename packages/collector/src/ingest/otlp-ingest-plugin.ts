import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { principalOf } from '../auth/auth-plugin.js'
import { VigilError } from '../errors.js'
import { decodeTraceRequest } from '../otlp/decode-trace-request.js'
import { encodeExportResponse } from '../otlp/encode-export-response.js'
import { OtlpDecodeError } from '../otlp/otlp-decode-error.js'
import type { PriceCatalog } from '../pricing/price-catalog.js'
import type { LlmCall } from './llm-call.js'
import { readBody } from './read-body.js'
import { spanToCall } from './span-to-call.js'
import type { TelemetryWriter } from './telemetry-batch.js'

export interface OtlpIngestOptions {
  writer: TelemetryWriter
  prices: PriceCatalog
  maxBodyBytes: number
}

type OtlpFormat = 'protobuf' | 'json'

const formats: Record<string, OtlpFormat> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
}

declare module 'fastify' {
  interface FastifyRequest {
    otlpFormat: OtlpFormat | undefined
  }
}

/**
 * OTLP/HTTP receiver (`POST /v1/traces`). Model-call spans become rows of
 * `calls`; the 200 is sent only after those rows are stored, so an
 * acknowledged export is never lost.
 */
const otlpIngestPlugin: FastifyPluginAsync<OtlpIngestOptions> = async (app, options) => {
  app.decorateRequest('otlpFormat', undefined)
  // This context reads raw bodies itself: OTLP needs protobuf, gzip and a
  // post-decompression size cap, none of which the default parsers give.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (request, payload, done) => {
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    const format = formats[mediaType]
    if (!format) {
      done(
        new VigilError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Unsupported Content-Type "${mediaType || '(none)'}": send application/x-protobuf or application/json`,
        ),
      )
      return
    }
    request.otlpFormat = format
    readBody(payload, request.headers['content-encoding'], options.maxBodyBytes).then(
      (body) => done(null, body),
      (error: unknown) => done(error as Error),
    )
  })

  app.post('/v1/traces', async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request, 'ingest')
    const format = request.otlpFormat
    if (!format || !Buffer.isBuffer(request.body)) {
      throw new VigilError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send an OTLP body as application/x-protobuf or application/json',
      )
    }
    let spans: ReturnType<typeof decodeTraceRequest>
    try {
      spans = decodeTraceRequest(request.body, format)
    } catch (error) {
      if (error instanceof OtlpDecodeError) {
        throw new VigilError('BAD_OTLP', `Could not decode OTLP ${format} body: ${error.message}`, {
          cause: error,
        })
      }
      throw error
    }
    const calls: LlmCall[] = []
    const rejected: string[] = []
    for (const span of spans) {
      const mapped = spanToCall(span, principal.projectId, options.prices)
      if (mapped.kind === 'call') calls.push(mapped.call)
      else if (mapped.kind === 'invalid') rejected.push(mapped.reason)
    }
    await options.writer.write({ calls, spans: [], logs: [] }, request.body.length)
    const partial =
      rejected.length > 0
        ? {
            rejected: rejected.length,
            errorMessage: `${rejected.length} span(s) rejected; first: ${rejected[0]}`,
          }
        : undefined
    const response = encodeExportResponse('traces', format, partial)
    return reply.type(format === 'json' ? 'application/json' : 'application/x-protobuf').send(response)
  })
}

export default otlpIngestPlugin
