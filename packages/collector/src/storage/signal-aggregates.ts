import { FEEDBACK_RATING, FEEDBACK_THUMB } from '../ingest/signal-row.js'

/** Count and sum of one named score or outcome. */
export interface NamedTotal {
  count: number
  sum: number
}

/**
 * What the signals about one group's (and bucket's) calls add up to, before
 * rates are derived: each signal counted once per group, however many of the
 * group's calls it is about; `correctedCalls` and `escalatedCalls` count calls.
 */
export interface SignalAggregates {
  corrections: number
  correctedCalls: number
  correctionSizeSum: number
  feedback: number
  feedbackPositive: number
  ratings: number
  ratingSum: number
  escalations: number
  escalatedCalls: number
  /** By score name (a Map: names come from senders, `__proto__` included). */
  scores: Map<string, NamedTotal>
  outcomes: Map<string, NamedTotal>
}

export function emptySignalAggregates(): SignalAggregates {
  return {
    corrections: 0,
    correctedCalls: 0,
    correctionSizeSum: 0,
    feedback: 0,
    feedbackPositive: 0,
    ratings: 0,
    ratingSum: 0,
    escalations: 0,
    escalatedCalls: 0,
    scores: new Map(),
    outcomes: new Map(),
  }
}

/** One row of the signal query: the signals of one kind and name in a group (and bucket). */
export interface SignalTotalsRow {
  kind: string
  name: string
  signals: number
  valued: number
  valueSum: number
  positive: number
  calls: number
}

/** Adds one row of the signal query to a group's aggregates. */
export function addSignalTotals(into: SignalAggregates, row: SignalTotalsRow): void {
  switch (row.kind) {
    case 'correction':
      into.corrections += row.signals
      into.correctedCalls += row.calls
      into.correctionSizeSum += row.valueSum
      break
    case 'feedback':
      into.feedback += row.signals
      into.feedbackPositive += row.positive
      if (row.name === FEEDBACK_RATING) {
        into.ratings += row.valued
        into.ratingSum += row.valueSum
      }
      break
    case 'escalation':
      into.escalations += row.signals
      into.escalatedCalls += row.calls
      break
    case 'score':
      addNamed(into.scores, row.name, row.valued, row.valueSum)
      break
    case 'outcome':
      addNamed(into.outcomes, row.name, row.signals, row.valueSum)
      break
  }
}

function addNamed(totals: Map<string, NamedTotal>, name: string, count: number, sum: number): void {
  const total = totals.get(name)
  if (total) {
    total.count += count
    total.sum += sum
  } else totals.set(name, { count, sum })
}

/** Positive feedback, in SQL over a signal's name and value: a thumb up, or a rating of 4 or 5. */
export function positiveFeedbackSql(name: string, value: string): string {
  return `(${name} = '${FEEDBACK_THUMB}' AND ${value} = 1) OR (${name} = '${FEEDBACK_RATING}' AND ${value} >= 4)`
}
