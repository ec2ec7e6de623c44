/**
 * Durations as rules write them (`30s`, `15m`, `2h`, `7d`, `0`): one number,
 * one unit, as the collector parses them (alerts/duration.ts there). The
 * form checks them before sending, so a typo is named next to its field.
 */

const UNITS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const
const PATTERN = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/

/** Milliseconds of `text`, or undefined if it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim()
  if (trimmed === '0') return 0
  const match = PATTERN.exec(trimmed)
  if (!match) return undefined
  return Math.round(Number(match[1]) * UNITS[match[2] as keyof typeof UNITS])
}

/** `15m`, `2h`, `1d`: the largest unit that divides `ms`. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms >= UNITS[unit] && ms % UNITS[unit] === 0) return `${ms / UNITS[unit]}${unit}`
  }
  return ms === 0 ? '0' : `${ms / 1000}s`
}
