import type { Attributes } from '../otlp/otlp-types.js'
import { asNumber, asString, stringMap } from './attribute-values.js'
import { signalContentKey } from './signal-key.js'
import { signalAttributes as A, isSignalEvent, signalKindOf } from './signal-names.js'
import {
  FEEDBACK_RATING,
  FEEDBACK_THUMB,
  type ScoreSource,
  type SignalKind,
  type SignalRow,
  type SignalVia,
  scoreSources,
} from './signal-row.js'

/** A log record or span event, with what it inherits from its record or span. */
export interface SignalEvent {
  name: string
  /** Decimal nanoseconds since the epoch. */
  timeNanos: string
  traceId: string
  spanId: string
  attributes: Attributes
  serviceName: string
}

export type SignalMapping = { kind: 'signal'; signal: SignalRow } | { kind: 'invalid'; reason: string }

type KindFields = Pick<SignalRow, 'name' | 'value' | 'source' | 'reason' | 'comment' | 'corrected_text'>

const mapped = new Set<string>(Object.values(A))
const MAX_NAME = 256

export { isSignalEvent }

/**
 * The `signals` row of a `vigil.signal.<kind>` log record or span event (see
 * signal-names.ts for the attributes). A signal that names no call (no trace,
 * span or subject id), or lacks what its kind needs, is refused with a reason
 * (OTLP partial success); one about calls Vigil has not seen is stored, and
 * reported as orphaned until they arrive.
 */
export function signalFromEvent(event: SignalEvent, projectId: string, via: SignalVia): SignalMapping {
  const kind = signalKindOf(event.name)
  const { attributes } = event
  if (kind === undefined) {
    return {
      kind: 'invalid',
      reason: `unknown signal "${clip(event.name)}": use vigil.signal.<correction|feedback|score|escalation|outcome>`,
    }
  }
  const subjectId = asString(attributes[A.subjectId])
  if (event.traceId === '' && event.spanId === '' && subjectId === '') {
    return {
      kind: 'invalid',
      reason: `${kind} signal names no call: it needs a trace id, span id or ${A.subjectId}`,
    }
  }
  const fields = kindFields(kind, attributes)
  if (typeof fields === 'string') return { kind: 'invalid', reason: `${kind} signal: ${fields}` }
  const extra: Attributes = {}
  for (const key in attributes) if (!mapped.has(key)) extra[key] = attributes[key] ?? null
  const row: Omit<SignalRow, 'idempotency_key'> = {
    project_id: projectId,
    time: event.timeNanos,
    kind,
    trace_id: event.traceId,
    span_id: event.spanId,
    subject_id: subjectId,
    use_case: asString(attributes[A.useCase]),
    ...fields,
    author: asString(attributes[A.author]),
    via,
    service_name: event.serviceName,
    attributes: stringMap(extra),
  }
  const key = asString(attributes[A.key])
  return { kind: 'signal', signal: { ...row, idempotency_key: key || signalContentKey(row) } }
}

/** What each kind needs, or why the attributes do not give it. */
function kindFields(kind: SignalKind, attrs: Attributes): KindFields | string {
  const fields: KindFields = {
    name: '',
    value: null,
    source: '',
    reason: '',
    comment: '',
    corrected_text: '',
  }
  switch (kind) {
    case 'correction': {
      const ratio = asNumber(attrs[A.changeRatio])
      if (ratio === null || ratio < 0 || ratio > 1) return `${A.changeRatio} must be a number from 0 to 1`
      return { ...fields, value: ratio, corrected_text: asString(attrs[A.correctedText]) }
    }
    case 'feedback': {
      const thumb = asString(attrs[A.thumb])
      const rating = asNumber(attrs[A.rating])
      const comment = asString(attrs[A.comment])
      if (thumb !== '' && rating !== null) return `send either ${A.thumb} or ${A.rating}, not both`
      if (thumb === 'up' || thumb === 'down')
        return { ...fields, name: FEEDBACK_THUMB, value: thumb === 'up' ? 1 : 0, comment }
      if (rating !== null && Number.isInteger(rating) && rating >= 1 && rating <= 5)
        return { ...fields, name: FEEDBACK_RATING, value: rating, comment }
      return `needs ${A.thumb} ("up" or "down") or ${A.rating} (an integer from 1 to 5)`
    }
    case 'score': {
      const name = asString(attrs[A.scoreName])
      const value = asNumber(attrs[A.scoreValue])
      const source = asString(attrs[A.scoreSource]) || 'human'
      if (name === '' || name.length > MAX_NAME)
        return `${A.scoreName} must be a name of 1 to ${MAX_NAME} characters`
      if (value === null) return `${A.scoreValue} must be a number`
      if (!(scoreSources as readonly string[]).includes(source))
        return `${A.scoreSource} must be one of ${scoreSources.join(', ')}`
      return { ...fields, name, value, source: source as ScoreSource }
    }
    case 'escalation':
      return { ...fields, reason: asString(attrs[A.reason]) }
    case 'outcome': {
      const name = asString(attrs[A.outcomeName])
      const given = attrs[A.outcomeValue]
      const value = given === undefined || given === null || given === '' ? 1 : asNumber(given)
      if (name === '' || name.length > MAX_NAME)
        return `${A.outcomeName} must be a name of 1 to ${MAX_NAME} characters`
      if (value === null) return `${A.outcomeValue} must be a number`
      return { ...fields, name, value }
    }
  }
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text
}
