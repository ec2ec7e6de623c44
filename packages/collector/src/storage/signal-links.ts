import type { ClickHouseStore } from './clickhouse-store.js'

/**
 * Which calls a signal is about, in SQL. The rule, from the most precise id
 * the signal carries:
 *
 * 1. a span id that is a call's: that call;
 * 2. else (no span id, or the span of a `withFallback` chain or an app step)
 *    a trace id: the calls of that trace;
 * 3. else a subject id: the calls whose `subject_id` (`withContext({ subjectId })`)
 *    is it.
 *
 * Trace and subject matches keep only calls of the signal's use case when it
 * names one (a correction of a ticket's drafted reply is not about the
 * ticket's triage). Everything is bound to one project: a signal can only be
 * about its own project's calls. Calls arriving after their signal link when
 * they arrive, since links are resolved when read.
 */
export interface SignalLinkScope {
  /** Conditions on `signals` (besides the project), e.g. its time. */
  signalWhere: string[]
  /** Conditions on `calls` (besides the project): window and filters. */
  callWhere: string[]
  /** An expression over `calls` carried as `gcol` (the dimension grouped by), or none. */
  callGroup?: string
}

/**
 * The CTEs `sig` (signals in scope), `links` (each with how it links, `span`,
 * `trace`, `subject` or '' for none, and the id it links by), `wc` (the calls
 * in scope, once per id they can be linked by) and `matches` (one row per
 * signal and call it is about: kind, key, name, value, signal_time, call_id,
 * call_time, gcol). One join does all three ways, so `calls` is read twice in
 * all: for the calls in scope, and to tell which span ids are calls (over any
 * time, through the bloom filter on span_id). Values are query parameters;
 * `{projectId:String}` must be set.
 */
export function signalLinkCtes(store: ClickHouseStore, scope: SignalLinkScope): string {
  const signals = store.table('signals')
  const calls = store.table('calls')
  const project = 'project_id = {projectId:String}'
  return `WITH
  sig AS (
    SELECT kind, idempotency_key AS key, span_id, trace_id, subject_id, use_case, name, value, time
    FROM ${signals}
    WHERE ${[project, ...scope.signalWhere].join(' AND ')}
  ),
  links AS (
    SELECT kind, key, use_case, name, value, time,
      multiIf(
        span_id != '' AND span_id IN (
          SELECT span_id FROM ${calls}
          WHERE ${project} AND span_id IN (SELECT span_id FROM sig WHERE span_id != '')
        ), 'span',
        trace_id != '', 'trace',
        subject_id != '', 'subject',
        '') AS link,
      multiIf(link = 'span', span_id, link = 'trace', trace_id, link = 'subject', subject_id, '') AS link_id
    FROM sig
  ),
  wc AS (
    SELECT span_id, start_time, use_case, ${scope.callGroup ?? "''"} AS gcol, jt, jid
    FROM ${calls}
    ARRAY JOIN ['span', 'trace', 'subject'] AS jt, [span_id, trace_id, subject_id] AS jid
    WHERE ${[
      // Folded to a constant before the scan: without signals in scope, no call is read.
      '(SELECT count() FROM sig) > 0',
      project,
      ...scope.callWhere,
      // A superset of the calls any signal links to, so the join reads few rows.
      `(span_id IN (SELECT span_id FROM sig) OR trace_id IN (SELECT trace_id FROM sig)
        OR subject_id IN (SELECT subject_id FROM sig))`,
      "jid != ''",
    ].join(' AND ')}
  ),
  matches AS (
    SELECT l.kind AS kind, l.key AS key, l.name AS name, l.value AS value, l.time AS signal_time,
      c.span_id AS call_id, c.start_time AS call_time, c.gcol AS gcol
    FROM wc AS c INNER JOIN (SELECT * FROM links WHERE link != '') AS l ON c.jt = l.link AND c.jid = l.link_id
    WHERE l.link = 'span' OR l.use_case = '' OR l.use_case = c.use_case
  )`
}
