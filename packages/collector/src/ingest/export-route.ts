import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Principal } from '../auth/api-key-store.js'
import { principalOf } from '../auth/auth-plugin.js'
import { VigilError } from '../errors.js'
import type { IngestMetrics } from '../monitoring/ingest-metrics.js'
import { encodeExportResponse, type OtlpPartialSuccess } from '../otlp/encode-export-response.js'
import { OtlpDecodeError } from '../otlp/otlp-decode-error.js'
import type { OtlpFormat, OtlpSignal } from '../otlp/otlp-types.js'
import { LimitsApplier } from './apply-limits.js'
import type { AttributeLimits } from './attribute-limits.js'
import { contentTypes } from './otlp-body-parser.js'
import type { TelemetryWriter } from './telemetry-batch.js'
import type { MappedTelemetry } from './telemetry-mapping.js'

/** What differs between /v1/traces, /v1/logs and /v1/metrics. */
export interface SignalIngest<Item> {
  signal: OtlpSignal
  /** Singular item name for messages: span, log record, data point. */
  item: string
  decode(body: Uint8Array, format: OtlpFormat): Item[]
  limit(applier: LimitsApplier, items: Item[]): void
  map(items: Item[], principal: Principal): MappedTelemetry | Promise<MappedTelemetry>
  /** A partial-success warning sent even when nothing was rejected (rejected = 0, message set). */
  warning?(mapped: MappedTelemetry): string | undefined
}

export interface ExportRouteDeps {
  writer: TelemetryWriter
  metrics: IngestMetrics
  attributeLimits: AttributeLimits
}

/**
 * One export: decode → cap attributes → map → write → answer. The 200 is sent
 * only after the writer has stored the rows, so an acknowledged export is
 * never lost; invalid items are reported as partial success while the rest
 * are stored (OTLP/HTTP "Partial Success": the client does not retry it).
 */
export function exportRoute<Item>(spec: SignalIngest<Item>, deps: ExportRouteDeps) {
  const { metrics, writer } = deps
  const signal = { signal: spec.signal }
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request, 'ingest')
    const format = request.otlpFormat
    const body = request.body
    if (!format || !Buffer.isBuffer(body)) {
      throw new VigilError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send an OTLP body as application/x-protobuf or application/json',
      )
    }
    metrics.bodyBytes.inc({ ...signal, stage: 'wire' }, request.otlpWireBytes)
    metrics.bodyBytes.inc({ ...signal, stage: 'decompressed' }, body.length)

    let items: Item[]
    try {
      items = spec.decode(body, format)
    } catch (error) {
      if (!(error instanceof OtlpDecodeError)) throw error
      throw new VigilError('BAD_OTLP', `Could not decode OTLP ${format} body: ${error.message}`, {
        cause: error,
      })
    }
    metrics.received.inc(signal, items.length)
    metrics.requestItems.observe(items.length, signal)

    const applier = new LimitsApplier(deps.attributeLimits)
    spec.limit(applier, items)
    metrics.attributesTruncated.inc(signal, applier.tally.truncated)
    metrics.attributesDropped.inc(signal, applier.tally.dropped)

    const mapped = await spec.map(items, principal)
    const { calls, spans, logs, signals = [] } = mapped.batch
    const rows = calls.length + spans.length + logs.length + signals.length
    if (rows > 0) {
      const started = performance.now()
      try {
        await writer.write(mapped.batch, body.length)
      } catch (error) {
        const code = error instanceof VigilError ? error.code : 'VIGIL_ERR_INTERNAL'
        metrics.refused.inc({ ...signal, code }, items.length)
        throw error
      }
      metrics.writeSeconds.observe((performance.now() - started) / 1000, signal)
    }
    // Items, not rows: a signal sent as a span event rides on a span already counted.
    metrics.accepted.inc(signal, spec.signal === 'traces' ? rows - signals.length : rows)
    metrics.rejected.inc({ ...signal, reason: 'invalid' }, mapped.rejected.length)
    for (const [reason, count] of Object.entries(mapped.dropped))
      metrics.dropped.inc({ ...signal, reason }, count)

    const response = encodeExportResponse(spec.signal, format, partialSuccess(spec, mapped))
    return reply.type(contentTypes[format]).send(response)
  }
}

function partialSuccess<Item>(
  spec: SignalIngest<Item>,
  mapped: MappedTelemetry,
): OtlpPartialSuccess | undefined {
  const { rejected } = mapped
  if (rejected.length === 0) {
    const warning = spec.warning?.(mapped)
    return warning ? { rejected: 0, errorMessage: warning } : undefined
  }
  // One message for the whole request: the distinct reasons, a few at most, so it stays readable.
  const reasons = [...new Set(rejected)].slice(0, 3).map(clip)
  const more = new Set(rejected).size > reasons.length ? '; …' : ''
  return {
    rejected: rejected.length,
    errorMessage: `${rejected.length} ${spec.item}(s) rejected: ${reasons.join('; ')}${more}`,
  }
}

function clip(reason: string): string {
  return reason.length > 200 ? `${reason.slice(0, 200)}…` : reason
}
