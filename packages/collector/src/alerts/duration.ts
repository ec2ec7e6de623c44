import { z } from 'zod'

/**
 * A duration as people write it in a rule or a flag: `30s`, `15m`, `2h`, `7d`,
 * `0` — a number and one unit. Parsed to milliseconds; one definition for
 * rule windows, `for`, repeat intervals, silences and the gate's `--window`.
 */
const UNITS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const
const PATTERN = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/

/** Milliseconds of `text`, or undefined if it is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0
  const match = PATTERN.exec(text.trim())
  if (!match) return undefined
  return Math.round(Number(match[1]) * UNITS[match[2] as keyof typeof UNITS])
}

/** `15m`, `1h30m` is not accepted: one unit keeps rules easy to read and compare. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms >= UNITS[unit] && ms % UNITS[unit] === 0) return `${ms / UNITS[unit]}${unit}`
  }
  return ms === 0 ? '0' : `${ms / 1000}s`
}

/** A duration string between `min` and `max` (ms); keeps the text, so a stored rule reads as written. */
export function durationString(options: { min?: number; max: number }) {
  const min = options.min ?? 0
  return z.string().superRefine((text, ctx) => {
    const ms = parseDuration(text)
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration; write e.g. 30s, 15m, 2h, 7d` })
    } else if (ms < min || ms > options.max) {
      ctx.addIssue({
        code: 'custom',
        message: `must be between ${formatDuration(min)} and ${formatDuration(options.max)}`,
      })
    }
  })
}
