import type { FastifyInstance, FastifyRequest } from 'fastify'
import { VigilError } from '../errors.js'
import type { OtlpFormat } from '../otlp/otlp-types.js'
import type { AdmissionTicket } from './ingest-admission.js'
import { readBody } from './read-body.js'

/** OTLP/HTTP: the same endpoints take protobuf or JSON, chosen by Content-Type. */
const formats: Record<string, OtlpFormat> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
}

export const contentTypes: Record<OtlpFormat, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
}

/** The OTLP encoding a Content-Type header names, ignoring parameters (`; charset=utf-8`). */
export function otlpFormatOf(contentType: string | undefined): OtlpFormat | undefined {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return formats[mediaType]
}

declare module 'fastify' {
  interface FastifyRequest {
    otlpFormat: OtlpFormat | undefined
    /** Body size on the wire (compressed, if it was), for the self-metrics. */
    otlpWireBytes: number
    /** Admission of this export, released when its response ends. */
    otlpTicket: AdmissionTicket | undefined
  }
}

/**
 * Makes the plugin's context read raw bodies itself: OTLP needs protobuf,
 * gzip/deflate and a post-decompression size cap, none of which Fastify's
 * default parsers give. Call inside an encapsulated plugin only.
 */
export function registerOtlpBodyParser(app: FastifyInstance, maxBodyBytes: number): void {
  app.decorateRequest('otlpFormat', undefined)
  app.decorateRequest('otlpWireBytes', 0)
  app.decorateRequest('otlpTicket', undefined)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (request: FastifyRequest, payload, done) => {
    const header = request.headers['content-type']
    const format = otlpFormatOf(header)
    if (!format) {
      const mediaType = (header ?? '').split(';')[0]?.trim() || '(none)'
      done(
        new VigilError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Unsupported Content-Type "${mediaType}": send application/x-protobuf or application/json`,
        ),
      )
      return
    }
    request.otlpFormat = format
    const reserve = request.otlpTicket?.reserve
    readBody(payload, request.headers['content-encoding'], { maxBytes: maxBodyBytes, reserve }).then(
      ({ body, wireBytes }) => {
        request.otlpWireBytes = wireBytes
        done(null, body)
      },
      (error: unknown) => done(error as Error),
    )
  })
}
