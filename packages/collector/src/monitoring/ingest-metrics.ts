import type { Counter, Histogram, SelfMetrics } from './self-metrics.js'

/**
 * The ingest series, named once here. Item counters use `signal` = traces |
 * logs | metrics (items are spans, log records, data points) and obey:
 *   received = accepted + rejected + dropped + refused
 * for every decoded request. Bodies that do not decode count no items; they
 * show as `vigil_ingest_errors_total{code="VIGIL_ERR_BAD_OTLP"}`.
 */
export class IngestMetrics {
  /** Items decoded from export requests. */
  readonly received: Counter
  /** Items stored (the writer acknowledged them). */
  readonly accepted: Counter
  /** Items refused as invalid and reported back in `partial_success` (never retried). */
  readonly rejected: Counter
  /** Items acknowledged but deliberately not stored, by `reason`. */
  readonly dropped: Counter
  /** Items of requests that failed after decoding (429/503: the client retries them), by `code`. */
  readonly refused: Counter
  /** Failed export requests by Vigil error `code`. */
  readonly errors: Counter
  /** Attribute values cut to the value limit. */
  readonly attributesTruncated: Counter
  /** Attributes discarded over the count limit or for an over-long key (span events too). */
  readonly attributesDropped: Counter
  /** Body bytes, `stage` = wire (as sent, maybe compressed) | decompressed. */
  readonly bodyBytes: Counter
  /** Items per export request. */
  readonly requestItems: Histogram
  /** Time from handing a request's rows to the writer until they are stored. */
  readonly writeSeconds: Histogram

  constructor(registry: SelfMetrics) {
    const counter = (name: string, help: string) => registry.counter(`vigil_ingest_${name}`, help)
    this.received = counter('items_received_total', 'Spans, log records and metric points decoded.')
    this.accepted = counter('items_accepted_total', 'Items stored and acknowledged.')
    this.rejected = counter('items_rejected_total', 'Invalid items reported back as partial success.')
    this.dropped = counter('items_dropped_total', 'Items acknowledged but not stored, by reason.')
    this.refused = counter(
      'items_refused_total',
      'Items of requests refused after decoding (client retries).',
    )
    this.errors = counter('errors_total', 'Failed export requests by Vigil error code.')
    this.attributesTruncated = counter(
      'attributes_truncated_total',
      'Attribute values truncated to the limit.',
    )
    this.attributesDropped = counter('attributes_dropped_total', 'Attributes dropped over the count limit.')
    this.bodyBytes = counter('body_bytes_total', 'Export body bytes, on the wire and decompressed.')
    this.requestItems = registry.histogram(
      'vigil_ingest_request_items',
      'Items per export request.',
      [0, 1, 10, 100, 512, 1000, 2048, 5000, 10000, 50000],
    )
    this.writeSeconds = registry.histogram(
      'vigil_ingest_write_duration_seconds',
      'Time until the writer stored a request’s rows (queue wait + insert).',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    )
  }
}
