import { FEEDBACK_RATING, FEEDBACK_THUMB } from '../ingest/signal-row.js'

/** Count and sum of one named score or outcome. */
export interface NamedTotal {
  count: number
  sum: number
}

/**
 * What the signals about one group's (and bucket's) calls add up to, before
 * rates are derived: each signal counted once per group, however many of the
 * group's calls it is about; the `…Calls` fields count calls (distinct), the
 * numerators of the rates and coverages.
 */
export interface SignalAggregates {
  corrections: number
  correctedCalls: number
  correctionSizeSum: number
  feedback: number
  feedbackPositive: number
  /** Calls with at least one feedback item, thumb or rating. */
  feedbackCalls: number
  ratings: number
  ratingSum: number
  escalations: number
  escalatedCalls: number
  /** Calls with at least one score, of any name. */
  scoredCalls: number
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
    feedbackCalls: 0,
    ratings: 0,
    ratingSum: 0,
    escalations: 0,
    escalatedCalls: 0,
    scoredCalls: 0,
    scores: new Map(),
    outcomes: new Map(),
  }
}

/**
 * One row of the signal query: the signals of one kind and name in a group
 * (and bucket). Corrections and escalations come as one row per kind, named
 * ''. Feedback and scores come twice: per name, and all names together under
 * '' (names are never empty), since the calls with any feedback or score can
 * only be counted distinct over all of them; outcomes come per name only.
 */
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
      if (row.name === '') {
        into.feedback += row.signals
        into.feedbackPositive += row.positive
        into.feedbackCalls += row.calls
      } else if (row.name === FEEDBACK_RATING) {
        into.ratings += row.valued
        into.ratingSum += row.valueSum
      }
      break
    case 'escalation':
      into.escalations += row.signals
      into.escalatedCalls += row.calls
      break
    case 'score':
      if (row.name === '') into.scoredCalls += row.calls
      else addNamed(into.scores, row.name, row.valued, row.valueSum)
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
