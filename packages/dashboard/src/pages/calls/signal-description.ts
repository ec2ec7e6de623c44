import type { CallSignal } from './call-types.js'

/**
 * What a human signal says, in words: the value a person would quote
 * ("thumbs down", "3 / 5", "relevance 0.82") and the free text that came
 * with it. Feedback is stored as `thumb` (1 up, 0 down) or `rating` (1–5);
 * a correction's value is the share of the output the person changed.
 */

export interface SignalDescription {
  /** Correction, Feedback, Score, Escalation, Outcome (or the kind as sent). */
  label: string
  value: string
  /** The comment, reason or corrected text; null when none. */
  text: string | null
  /** Whether the signal speaks for or against the call; neutral when it says neither. */
  tone: 'good' | 'bad' | 'neutral'
}

const labels: Record<string, string> = {
  correction: 'Correction',
  feedback: 'Feedback',
  score: 'Score',
  escalation: 'Escalation',
  outcome: 'Outcome',
}

function number(value: number | null): string {
  if (value === null) return '–'
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)))
}

export function describeSignal(signal: CallSignal): SignalDescription {
  const label = labels[signal.kind] ?? signal.kind
  switch (signal.kind) {
    case 'correction': {
      const changed = signal.value === null ? 'edited' : `${Math.round(signal.value * 100)} % changed`
      return { label, value: changed, text: signal.correctedText, tone: 'bad' }
    }
    case 'feedback': {
      if (signal.name === 'rating') {
        const tone =
          signal.value === null
            ? 'neutral'
            : signal.value >= 4
              ? 'good'
              : signal.value <= 2
                ? 'bad'
                : 'neutral'
        return { label, value: `${number(signal.value)} / 5`, text: signal.comment, tone }
      }
      const up = signal.value === 1
      return {
        label,
        value: up ? 'thumbs up' : 'thumbs down',
        text: signal.comment,
        tone: up ? 'good' : 'bad',
      }
    }
    case 'score':
      return {
        label,
        value: `${signal.name ?? 'score'} ${number(signal.value)}`,
        text: signal.comment ?? signal.reason,
        tone: 'neutral',
      }
    case 'escalation':
      return { label, value: 'handed to a person', text: signal.reason, tone: 'bad' }
    case 'outcome':
      return {
        label,
        value: `${signal.name ?? 'outcome'} ${number(signal.value)}`,
        text: signal.comment,
        tone: 'good',
      }
    default:
      return {
        label,
        value: [signal.name, signal.value === null ? null : number(signal.value)].filter(Boolean).join(' '),
        text: signal.comment ?? signal.reason,
        tone: 'neutral',
      }
  }
}

/** Who sent it: the author, else the score's source, else how it arrived. */
export function signalOrigin(signal: CallSignal): string {
  const who = signal.author ?? signal.source
  return who ? `${who} (via ${signal.via})` : `via ${signal.via}`
}
