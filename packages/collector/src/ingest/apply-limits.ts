import type {
  Attributes,
  OtlpLogRecord,
  OtlpMetricPoint,
  OtlpResource,
  OtlpSpan,
} from '../otlp/otlp-types.js'
import { type AttributeLimits, type CapTally, capAttributes, capValue } from './attribute-limits.js'

/**
 * Written into a capped item's own attributes, so whoever reads the row sees
 * that it is incomplete and by how much (the self-metrics only say it happened).
 */
export const TRUNCATED_ATTRIBUTES = 'vigil.truncated_attributes'
export const DROPPED_ATTRIBUTES = 'vigil.dropped_attributes'
export const DROPPED_EVENTS = 'vigil.dropped_events'

/**
 * Applies the attribute limits to every decoded item of one request, in place,
 * before mapping, so every mapper (and every future one) sees capped data.
 * Resources and scopes are shared by the items of one ResourceSpans, so each
 * resource is capped once; its counts go to the tally but not into a row.
 */
export class LimitsApplier {
  readonly tally: CapTally = { truncated: 0, dropped: 0 }
  readonly #limits: AttributeLimits
  readonly #resources = new WeakSet<OtlpResource>()

  constructor(limits: AttributeLimits) {
    this.#limits = limits
  }

  spans(spans: OtlpSpan[]): void {
    for (const span of spans) {
      this.#resource(span.resource)
      const own = { truncated: 0, dropped: 0 }
      span.attributes = capAttributes(span.attributes, this.#limits, own)
      let droppedEvents = 0
      if (span.events.length > this.#limits.maxEvents) {
        droppedEvents = span.events.length - this.#limits.maxEvents
        span.events = span.events.slice(0, this.#limits.maxEvents)
      }
      for (const event of span.events) {
        event.attributes = capAttributes(event.attributes, this.#limits, own)
        event.name = capValue(event.name, this.#limits.maxValueBytes) as string
      }
      span.name = capValue(span.name, this.#limits.maxValueBytes) as string
      span.statusMessage = capValue(span.statusMessage, this.#limits.maxValueBytes) as string
      // OTLP's own field for "attributes the sender or a hop discarded" (trace.proto dropped_attributes_count).
      span.droppedAttributesCount += own.dropped
      this.#mark(span.attributes, own, droppedEvents)
    }
  }

  logRecords(records: OtlpLogRecord[]): void {
    for (const record of records) {
      this.#resource(record.resource)
      const own = { truncated: 0, dropped: 0 }
      record.attributes = capAttributes(record.attributes, this.#limits, own)
      // GenAI content travels in event bodies (gen_ai.client.inference.operation.details), so bodies get the content allowance.
      const body = capValue(record.body, this.#limits.maxContentBytes)
      if (body !== record.body) {
        record.body = body
        own.truncated++
      }
      this.#mark(record.attributes, own, 0)
    }
  }

  metricPoints(points: OtlpMetricPoint[]): void {
    for (const point of points) {
      this.#resource(point.resource)
      point.attributes = capAttributes(point.attributes, this.#limits, this.tally)
    }
  }

  #resource(resource: OtlpResource): void {
    if (this.#resources.has(resource)) return
    this.#resources.add(resource)
    resource.attributes = capAttributes(resource.attributes, this.#limits, this.tally)
  }

  #mark(attributes: Attributes, own: CapTally, droppedEvents: number): void {
    this.tally.truncated += own.truncated
    this.tally.dropped += own.dropped
    if (own.truncated > 0) attributes[TRUNCATED_ATTRIBUTES] = own.truncated
    if (own.dropped > 0) attributes[DROPPED_ATTRIBUTES] = own.dropped
    if (droppedEvents > 0) attributes[DROPPED_EVENTS] = droppedEvents
  }
}
