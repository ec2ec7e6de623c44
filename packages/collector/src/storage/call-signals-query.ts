import type { ClickHouseStore } from './clickhouse-store.js'
import { FINAL_READ_SETTINGS } from './final-read-settings.js'
import { isoFromNanos } from './nano-time.js'
import { signalLinkCtes } from './signal-links.js'

/** A human signal as the call detail shows it. */
export interface CallSignal {
  kind: string
  time: string
  name: string | null
  value: number | null
  source: string | null
  author: string | null
  reason: string | null
  comment: string | null
  correctedText: string | null
  via: string
  idempotencyKey: string
}

interface SignalRow {
  kind: string
  time_ns: string
  name: string
  value: number | null
  source: string
  author: string
  reason: string
  comment: string
  corrected_text: string
  via: string
  idempotency_key: string
}

const orNull = (text: string) => (text === '' ? null : text)

/**
 * The signals about one call, by the same rule the metrics use
 * (signal-links.ts): its span id, else its trace, else its subject, within
 * the call's project. Oldest first; a re-sent signal shows once.
 */
export async function queryCallSignals(
  store: ClickHouseStore,
  projectId: string,
  call: { spanId: string; traceId: string; subjectId: string | null },
): Promise<CallSignal[]> {
  const params: Record<string, unknown> = {
    projectId,
    spanId: call.spanId,
    traceId: call.traceId,
    subjectId: call.subjectId ?? '',
  }
  const candidates = [
    'span_id = {spanId:String}',
    'trace_id = {traceId:String}',
    ...(call.subjectId ? ['subject_id = {subjectId:String}'] : []),
  ]
  const result = await store.client.query({
    query: `${signalLinkCtes(store, {
      signalWhere: [`(${candidates.join(' OR ')})`],
      callWhere: ['span_id = {spanId:String}'],
    })}
SELECT kind, toString(toUnixTimestamp64Nano(time)) AS time_ns, name, value, source, author, reason, comment,
  corrected_text, via, idempotency_key
FROM ${store.table('signals')} FINAL
WHERE project_id = {projectId:String}
  AND (kind, idempotency_key) IN (SELECT kind, key FROM matches WHERE call_id = {spanId:String})
ORDER BY time, kind, idempotency_key
LIMIT 1000
${FINAL_READ_SETTINGS}`,
    query_params: params,
    format: 'JSONEachRow',
  })
  return (await result.json<SignalRow>()).map((row) => ({
    kind: row.kind,
    time: isoFromNanos(row.time_ns),
    name: orNull(row.name),
    value: row.value === null ? null : Number(row.value),
    source: orNull(row.source),
    author: orNull(row.author),
    reason: orNull(row.reason),
    comment: orNull(row.comment),
    correctedText: orNull(row.corrected_text),
    via: row.via,
    idempotencyKey: row.idempotency_key,
  }))
}
